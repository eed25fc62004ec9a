package cli

import (
	"fmt"
	"strconv"
	"time"

	"symtui/pod"
)

// getAudit lists the privileged actions of the last DURATION.
func getAudit(args []string, env Env) int {
	g := newGetCommand("audit", env)
	since := g.fs.Duration("since", 0, "how far back, e.g. 24h (required)")
	if _, code, ok := g.parse(args, 0, 0, ""); !ok {
		return code
	}
	if *since <= 0 {
		fmt.Fprintln(env.Stderr, "symtui get audit: --since DURATION is required (e.g. --since 24h)")
		return ExitUsage
	}
	client, code, ok := g.connect()
	if !ok {
		return code
	}
	ctx, cancel := getContext()
	defer cancel()

	q := pod.AuditQuery{Start: time.Now().Add(-*since), Limit: 500}
	entries, err := collect(client.AuditTrail(ctx, q))
	l := listing{headers: []string{"TIME", "ACTION", "INITIATOR", "INITIATOR ID"}}
	for _, e := range entries {
		l.add(e, auditTime(e.Timestamp), e.ActionName+" ("+e.Action+")", e.InitiatorUsername, e.InitiatorID)
	}
	return g.finish(l, err)
}

// auditTime renders the audit trail's string millisecond timestamp.
func auditTime(ms string) string {
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return ms
	}
	return millis(n)
}
