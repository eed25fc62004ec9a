package pod

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AuditQuery selects privileged actions from the agent's audit trail.
type AuditQuery struct {
	Start       time.Time // required
	End         time.Time // zero: now
	InitiatorID int64     // 0: any initiator
	Role        string    // e.g. "USER_PROVISIONING"; "": any privileged role
	Limit       int       // page size, at most 500; 0: the agent's default (50)
}

// AuditEntry is one privileged action (V1AuditTrailInitiatorResponse). All
// fields are strings on the wire, timestamps included.
type AuditEntry struct {
	Action                string `json:"action,omitempty"`
	ActionName            string `json:"actionName,omitempty"`
	Timestamp             string `json:"timestamp,omitempty"`
	InitiatorID           string `json:"initiatorId,omitempty"`
	InitiatorUsername     string `json:"initiatorUsername,omitempty"`
	InitiatorEmailAddress string `json:"initiatorEmailAddress,omitempty"`
	// Details are the attributes the spec leaves to each action ("The
	// attributes may vary according to the action"): what was acted on,
	// such as affectedUserId or streamId, kept as the agent sent them.
	Details map[string]json.RawMessage `json:"-"`
}

// auditEntryFields are the attributes every action has.
type auditEntryFields AuditEntry

// UnmarshalJSON keeps the attributes the schema does not name in Details.
func (e *AuditEntry) UnmarshalJSON(b []byte) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	if err := json.Unmarshal(b, (*auditEntryFields)(e)); err != nil {
		return err
	}
	for _, k := range []string{"action", "actionName", "timestamp", "initiatorId", "initiatorUsername", "initiatorEmailAddress"} {
		delete(all, k)
	}
	e.Details = nil
	if len(all) > 0 {
		e.Details = all
	}
	return nil
}

// MarshalJSON writes the entry back with its details after the named
// attributes, as one object.
func (e AuditEntry) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(auditEntryFields(e))
	if err != nil || len(e.Details) == 0 {
		return b, err
	}
	var named map[string]json.RawMessage
	if err := json.Unmarshal(b, &named); err != nil {
		return nil, err
	}
	out := b[:len(b)-1] // without the closing brace
	for _, k := range slices.Sorted(maps.Keys(e.Details)) {
		if _, dup := named[k]; dup {
			continue
		}
		if !json.Valid(e.Details[k]) {
			return nil, fmt.Errorf("audit entry detail %q is not JSON", k)
		}
		key, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(append(append(out, key...), ':'), e.Details[k]...)
	}
	return append(out, '}'), nil
}

// Detail is an action-specific attribute as text: a string's value, any
// other JSON value as written, "" when absent.
func (e AuditEntry) Detail(key string) string {
	raw, ok := e.Details[key]
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// AuditPage is the spec's V1AuditTrailInitiatorList.
type AuditPage struct {
	Items      []AuditEntry `json:"items"`
	Pagination *Pagination  `json:"pagination,omitempty"`
}

// Pagination is the spec's cursor paging block.
type Pagination struct {
	Cursors  Cursors `json:"cursors"`
	Previous string  `json:"previous,omitempty"`
	Next     string  `json:"next,omitempty"`
}

// Cursors are the opaque positions before and after a page.
type Cursors struct {
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// AuditTrailPage returns one page of the privileged actions in the query's
// time range, after the given cursor ("" for the first page)
// (GET /agent/v1/audittrail/privilegeduser). None (204) is an empty page.
func (c *Client) AuditTrailPage(ctx context.Context, q AuditQuery, after string) (AuditPage, error) {
	v := url.Values{"startTimestamp": {strconv.FormatInt(q.Start.UnixMilli(), 10)}}
	if !q.End.IsZero() {
		v.Set("endTimestamp", strconv.FormatInt(q.End.UnixMilli(), 10))
	}
	if q.InitiatorID != 0 {
		v.Set("initiatorId", strconv.FormatInt(q.InitiatorID, 10))
	}
	if q.Role != "" {
		v.Set("role", q.Role)
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if after != "" {
		v.Set("after", after)
	}
	var page AuditPage
	err := c.do(ctx, call{method: http.MethodGet, route: "/agent/v1/audittrail/privilegeduser", query: v}, &page)
	return page, err
}

// AuditTrail walks every page of the query, following the "after" cursor
// while the page carries a "next" link (the spec: "Stop paging when the
// 'next' link no longer appears"; the last page still has an "after"
// cursor, and pages may be empty in between).
func (c *Client) AuditTrail(ctx context.Context, q AuditQuery) iter.Seq2[AuditEntry, error] {
	return pagedByCursor(ctx, func(ctx context.Context, after string) ([]AuditEntry, string, error) {
		page, err := c.AuditTrailPage(ctx, q, after)
		next := ""
		if p := page.Pagination; p != nil && p.Next != "" {
			next = p.Cursors.After
		}
		return page.Items, next, err
	})
}

// Target names what the action was done to, from the attributes the
// action carries: "user 71 (jdoe)", "room AbC (Ops desk)", both for a
// membership change ("user 71 in room AbC"), or the bare target id.
func (e AuditEntry) Target() string {
	var parts []string
	if uid := e.TargetUser(); uid != "" {
		parts = append(parts, "user "+withName(uid, e.Detail("affectedUsername")))
	}
	if sid := e.TargetRoom(); sid != "" {
		parts = append(parts, "room "+withName(sid, e.Detail("roomName")))
	}
	if len(parts) == 0 {
		return e.Detail("targetId")
	}
	return strings.Join(parts, " in ")
}

// TargetUser is the id of the user the action was done to, "" when it
// names none.
func (e AuditEntry) TargetUser() string { return e.Detail("affectedUserId") }

// TargetRoom is the stream id of the room the action was done to, ""
// when it names none.
func (e AuditEntry) TargetRoom() string { return e.Detail("streamId") }

// Time is when the action was taken (the trail's string of epoch
// milliseconds); zero when the agent sent none or something else.
func (e AuditEntry) Time() time.Time {
	ms, err := strconv.ParseInt(e.Timestamp, 10, 64)
	if err != nil || ms <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(ms)
}

func withName(id, name string) string {
	if name == "" {
		return id
	}
	return id + " (" + name + ")"
}

// maxPeriod bounds how far back an audit query may reach: further than
// any audit trail keeps, and far below where days in nanoseconds wrap
// around.
const (
	maxPeriodDays = 3650
	maxPeriod     = maxPeriodDays * 24 * time.Hour
)

// ParsePeriod reads how far back an audit query goes: a Go duration
// ("90m", "24h") or days ("7d", "1d12h"), because audit windows are
// counted in days; a positive span of at most ten years. The error says
// what is wrong, not the value: the caller names it.
func ParsePeriod(s string) (time.Duration, error) {
	const want = "want a duration such as 90m, 24h or 7d"
	tooLong := fmt.Errorf("at most %dd (10 years)", maxPeriodDays)
	negative := errors.New("must be positive: how far back to look, such as 24h or 7d")
	if strings.HasPrefix(strings.TrimSpace(s), "-") {
		return 0, negative
	}
	days, rest := 0, s
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		switch {
		case errors.Is(err, strconv.ErrRange):
			return 0, tooLong
		case err != nil:
			return 0, errors.New(want)
		case n > maxPeriodDays:
			return 0, tooLong
		}
		days, rest = n, s[i+1:]
	}
	d := time.Duration(days) * 24 * time.Hour
	if rest != "" {
		r, err := time.ParseDuration(rest)
		switch {
		case err != nil && overflows(rest):
			return 0, tooLong
		case err != nil:
			return 0, errors.New(want)
		case r < 0:
			return 0, negative
		case r > maxPeriod:
			return 0, tooLong
		}
		d += r
	}
	switch {
	case d > maxPeriod:
		return 0, tooLong
	case d == 0:
		return 0, errors.New("must be more than 0, such as 24h or 7d")
	}
	return d, nil
}

// overflows reports whether s reads as a duration that time.ParseDuration
// refused for its size alone: with each number made 1, it parses.
func overflows(s string) bool {
	_, err := time.ParseDuration(number.ReplaceAllString(s, "1"))
	return err == nil
}

var number = regexp.MustCompile(`[0-9]+(\.[0-9]*)?`)
