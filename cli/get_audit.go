package cli

import (
	"context"
	"time"

	"symtui/export"
	"symtui/pod"
)

var auditHeaders = export.AuditHeaders

// getAudit lists the privileged actions of the last DURATION.
func getAudit(args []string, env Env) int {
	g := newGetCommand("audit", env)
	since := new(time.Duration)
	g.fs.Var(daysDuration{since}, "since", "how far back, e.g. 24h or 7d (required)")
	return g.run(args, 0, 0, "", func(ctx context.Context, c *pod.Client, _ []string) (listing, error) {
		l := listing{headers: auditHeaders}
		if *since <= 0 {
			return l, usageError{"--since DURATION is required (e.g. --since 24h or --since 7d)"}
		}
		if g.onBehalf() {
			return l, needsAdministrator("the audit trail", "GET /agent/v1/audittrail/privilegeduser")
		}
		q := pod.AuditQuery{Start: time.Now().Add(-*since), Limit: 500}
		entries, err := pod.Collect(c.AuditTrail(ctx, q))
		for _, e := range entries {
			l.add(e, export.AuditCells(e)...)
		}
		return l, err
	})
}
