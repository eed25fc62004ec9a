package cli

import (
	"context"
	"strconv"
	"strings"
	"time"

	"symtui/pod"
)

var auditHeaders = []string{"TIME", "ACTION", "INITIATOR", "INITIATOR ID", "TARGET"}

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
			l.add(e, auditTime(e.Timestamp), e.ActionName+" ("+e.Action+")", e.InitiatorUsername, e.InitiatorID, auditTarget(e))
		}
		return l, err
	})
}

// auditTarget names what an action was done to, from the attributes the
// action carries: "user 71 (jdoe)", "room AbC (Ops desk)", both for a
// membership change, or the bare target id.
func auditTarget(e pod.AuditEntry) string {
	var parts []string
	if uid := e.Detail("affectedUserId"); uid != "" {
		parts = append(parts, "user "+withName(uid, e.Detail("affectedUsername")))
	}
	if sid := e.Detail("streamId"); sid != "" {
		parts = append(parts, "room "+withName(sid, e.Detail("roomName")))
	}
	if len(parts) == 0 {
		return e.Detail("targetId")
	}
	return strings.Join(parts, " in ")
}

func withName(id, name string) string {
	if name == "" {
		return id
	}
	return id + " (" + name + ")"
}

// auditTime renders the audit trail's string millisecond timestamp.
func auditTime(ms string) string {
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return ms
	}
	return millis(n)
}
