package emulator

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// recordAudit appends a privileged action to the audit trail served by
// GET /agent/v1/audittrail/privilegeduser. action is a camelCase id
// ("roomMemberAdded"); target names what was acted on (a stream or user id);
// details become extra string attributes of the item. Call with e.mu held.
func (e *Emulator) recordAudit(caller *user, action string, target string, details map[string]string) {
	e.st.auditSeq++
	ev := auditEvent{
		Seq: e.st.auditSeq, Timestamp: e.now().UnixMilli(), Action: action, ActionName: actionName(action),
		TargetID: target, Details: map[string]string{},
	}
	for k, v := range details {
		ev.Details[k] = v
	}
	if caller != nil {
		ev.InitiatorID, ev.Initiator, ev.InitiatorEmail = caller.ID, caller.Username, caller.Email
		ev.InitiatorRoles = append([]string(nil), caller.Roles...)
	}
	e.st.audit = append(e.st.audit, ev)
}

// actionName turns "roomMemberAdded" into "Room member added".
func actionName(action string) string {
	var b strings.Builder
	for i, r := range action {
		switch {
		case i == 0:
			b.WriteRune(unicode.ToUpper(r))
		case unicode.IsUpper(r):
			b.WriteByte(' ')
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (e *Emulator) auditRoutes() {
	// keyManagerToken is optional since Agent 24.12; only sessionToken is checked.
	e.handle("GET /agent/v1/audittrail/privilegeduser", e.authed(e.handleAuditTrail))
}

// auditReaderRoles may read the trail. The spec is silent; real agents
// restrict it to privileged roles, so plain users get 403.
var auditReaderRoles = []string{"SUPER_ADMINISTRATOR", "ADMINISTRATOR", "SUPER_COMPLIANCE_OFFICER", "COMPLIANCE_OFFICER", "L2_SUPPORT"}

type auditPagination struct {
	Cursors struct {
		Before string `json:"before"`
		After  string `json:"after,omitempty"`
	} `json:"cursors"`
	Previous string `json:"previous,omitempty"`
	Next     string `json:"next,omitempty"`
}

type auditList struct {
	Items      []map[string]string `json:"items"`
	Pagination auditPagination     `json:"pagination"`
}

// Cursors are the url-safe base64 of an event's sequence number.
func auditCursor(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(itoa(seq)))
}

func parseAuditCursor(c string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(c, "="))
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	return n, err == nil && n >= 0
}

// auditQuery is the parsed query of a trail request.
type auditQuery struct {
	start, end    int64
	before, after int64 // 0 = not given
	limit         int
	initiator     int64
	role          string
}

func (e *Emulator) parseAuditQuery(r *http.Request) (auditQuery, string) {
	q := r.URL.Query()
	var aq auditQuery
	var err error
	if aq.start, err = strconv.ParseInt(q.Get("startTimestamp"), 10, 64); err != nil {
		return aq, "startTimestamp is required (ms since epoch)"
	}
	aq.end = e.now().UnixMilli() // "If not specified, it assumes to be current time."
	if v := q.Get("endTimestamp"); v != "" {
		if aq.end, err = strconv.ParseInt(v, 10, 64); err != nil {
			return aq, "endTimestamp must be ms since epoch"
		}
	}
	limit, ok := queryInt(r, "limit", 50)
	if !ok || limit <= 0 || limit > 500 {
		return aq, "limit must be an integer from 1 to 500"
	}
	aq.limit = limit
	if v := q.Get("initiatorId"); v != "" {
		if aq.initiator, err = strconv.ParseInt(v, 10, 64); err != nil {
			return aq, "initiatorId must be a user id"
		}
	}
	aq.role = q.Get("role")
	if v := q.Get("before"); v != "" {
		if aq.before, ok = parseAuditCursor(v); !ok {
			return aq, "invalid before cursor"
		}
	}
	if v := q.Get("after"); v != "" {
		if aq.after, ok = parseAuditCursor(v); !ok {
			return aq, "invalid after cursor"
		}
	}
	return aq, ""
}

func (ev *auditEvent) matches(aq *auditQuery) bool {
	if ev.Timestamp < aq.start || ev.Timestamp > aq.end {
		return false
	}
	if aq.initiator != 0 && ev.InitiatorID != aq.initiator {
		return false
	}
	if aq.role != "" && !slices.Contains(ev.InitiatorRoles, aq.role) {
		return false
	}
	return true
}

func (ev *auditEvent) item() map[string]string {
	it := map[string]string{}
	// "The attributes may vary according to the action": details ride along.
	for k, v := range ev.Details {
		it[k] = v
	}
	if ev.TargetID != "" {
		it["targetId"] = ev.TargetID
	}
	it["action"], it["actionName"] = ev.Action, ev.ActionName
	it["timestamp"] = itoa(ev.Timestamp)
	it["initiatorId"], it["initiatorUsername"], it["initiatorEmailAddress"] = itoa(ev.InitiatorID), ev.Initiator, ev.InitiatorEmail
	return it
}

// handleAuditTrail pages the trail oldest first; "after" moves forward,
// "before" backward, and next is absent on the last page.
func (e *Emulator) handleAuditTrail(w http.ResponseWriter, r *http.Request, caller *user) {
	aq, problem := e.parseAuditQuery(r)
	if problem != "" {
		writeError(w, http.StatusBadRequest, problem)
		return
	}
	e.respond(w, func() reply {
		if !caller.hasRole(auditReaderRoles...) {
			return replyError(http.StatusForbidden, msgEntitlement)
		}
		var matched []*auditEvent
		for i := range e.st.audit {
			if ev := &e.st.audit[i]; ev.matches(&aq) {
				matched = append(matched, ev)
			}
		}
		// matched is in sequence order; find the window.
		var lo, hi int
		if aq.after > 0 {
			lo = sort.Search(len(matched), func(i int) bool { return matched[i].Seq > aq.after })
			hi = min(lo+aq.limit, len(matched))
		} else if aq.before > 0 {
			hi = sort.Search(len(matched), func(i int) bool { return matched[i].Seq >= aq.before })
			lo = max(hi-aq.limit, 0)
		} else {
			hi = min(aq.limit, len(matched))
		}
		window := matched[lo:hi]
		res := auditList{Items: make([]map[string]string, 0, len(window))}
		for _, ev := range window {
			res.Items = append(res.Items, ev.item())
		}
		if len(window) > 0 {
			res.Pagination.Cursors.Before = auditCursor(window[0].Seq)
			res.Pagination.Cursors.After = auditCursor(window[len(window)-1].Seq)
			if hi < len(matched) {
				res.Pagination.Next = e.auditPageURL(r, "after", res.Pagination.Cursors.After)
			}
			if lo > 0 {
				res.Pagination.Previous = e.auditPageURL(r, "before", res.Pagination.Cursors.Before)
			}
		}
		if len(res.Items) == 0 {
			return reply{status: http.StatusNoContent} // "No Messages."
		}
		return replyOK(res)
	})
}

// auditPageURL is the request's URL with the cursor swapped.
func (e *Emulator) auditPageURL(r *http.Request, key, cursor string) string {
	q := r.URL.Query()
	q.Del("before")
	q.Del("after")
	q.Set(key, cursor)
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	return e.URL + u.String()
}
