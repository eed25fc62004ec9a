package cli

import (
	"context"
	"strconv"
	"time"

	"symtui/pod"
)

// getAudit lists the privileged actions of the last DURATION.
func getAudit(args []string, env Env) int {
	g := newGetCommand("audit", env)
	since := new(time.Duration)
	g.fs.Var(daysDuration{since}, "since", "how far back, e.g. 24h or 7d (required)")
	return g.run(args, 0, 0, "", func(ctx context.Context, c *pod.Client, _ []string) (listing, error) {
		l := listing{headers: []string{"TIME", "ACTION", "INITIATOR", "INITIATOR ID"}}
		if *since <= 0 {
			return l, usageError{"--since DURATION is required (e.g. --since 24h or --since 7d)"}
		}
		q := pod.AuditQuery{Start: time.Now().Add(-*since), Limit: 500}
		entries, err := pod.Collect(c.AuditTrail(ctx, q))
		for _, e := range entries {
			l.add(e, auditTime(e.Timestamp), e.ActionName+" ("+e.Action+")", e.InitiatorUsername, e.InitiatorID)
		}
		return l, err
	})
}

// auditTime renders the audit trail's string millisecond timestamp.
func auditTime(ms string) string {
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return ms
	}
	return millis(n)
}
