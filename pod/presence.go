package pod

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Category is a presence state. The pod may send values this list does not
// know, so it is an open string type.
type Category string

// The presence categories the spec lists (V2PresenceStatus).
const (
	CategoryUndefined    Category = "UNDEFINED"
	CategoryAvailable    Category = "AVAILABLE"
	CategoryBusy         Category = "BUSY"
	CategoryDoNotDisturb Category = "DO_NOT_DISTURB"
	CategoryOnThePhone   Category = "ON_THE_PHONE"
	CategoryBeRightBack  Category = "BE_RIGHT_BACK"
	CategoryInAMeeting   Category = "IN_A_MEETING"
	CategoryAway         Category = "AWAY"
	CategoryOutOfOffice  Category = "OUT_OF_OFFICE"
	CategoryOffWork      Category = "OFF_WORK"
	CategoryOffline      Category = "OFFLINE"
)

// Categories are the eleven categories the pod may report.
var Categories = []Category{
	CategoryUndefined, CategoryAvailable, CategoryBusy, CategoryDoNotDisturb, CategoryOnThePhone, CategoryBeRightBack,
	CategoryInAMeeting, CategoryAway, CategoryOutOfOffice, CategoryOffWork, CategoryOffline,
}

// Settable are the categories a client may set (the BDKs' PresenceStatus).
var Settable = []Category{
	CategoryAvailable, CategoryBusy, CategoryAway, CategoryOnThePhone,
	CategoryBeRightBack, CategoryInAMeeting, CategoryOutOfOffice, CategoryOffWork,
}

// IsSettable reports whether a client may set c.
func (c Category) IsSettable() bool { return slices.Contains(Settable, c) }

// Presence is the spec's V2Presence; Timestamp is when it was set, epoch ms.
type Presence struct {
	Category  Category `json:"category"`
	UserID    int64    `json:"userId"`
	Timestamp int64    `json:"timestamp,omitempty"`
}

// plainPresence is Presence without its UnmarshalJSON, for the standard
// decoder's fast path over the usual, numeric form.
type plainPresence Presence

// UnmarshalJSON accepts userId and timestamp as JSON numbers or as strings
// holding one (the Java BDK's own tests send them quoted).
func (p *Presence) UnmarshalJSON(b []byte) error {
	if json.Unmarshal(b, (*plainPresence)(p)) == nil {
		return nil
	}
	var w struct {
		Category  Category   `json:"category"`
		UserID    looseInt64 `json:"userId"`
		Timestamp looseInt64 `json:"timestamp"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = Presence{Category: w.Category, UserID: int64(w.UserID), Timestamp: int64(w.Timestamp)}
	return nil
}

// looseInt64 is an integer sent as a JSON number or as a string holding one.
type looseInt64 int64

func (n *looseInt64) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return errors.New("not an integer")
	}
	*n = looseInt64(v)
	return nil
}

// presenceList decodes a list of presences: in one pass in the usual form,
// record by record when that fails, so that quoted numbers decode and one
// broken record does not sink the others; those are counted in skipped.
type presenceList struct {
	items   []Presence
	skipped int
}

// bodyDecoder is an answer that decodes its whole body itself. As an
// Unmarshaler inside json.Unmarshal it would have the body scanned twice
// more before decoding, a third of a full 5,000-record page's cost.
type bodyDecoder interface {
	decodeBody(body []byte) error
}

// decodeAnswer decodes a 2xx answer's body into out.
func decodeAnswer(body []byte, out any) error {
	if d, ok := out.(bodyDecoder); ok {
		return d.decodeBody(body)
	}
	return json.Unmarshal(body, out)
}

func (l *presenceList) decodeBody(b []byte) error {
	var fast []plainPresence
	if json.Unmarshal(b, &fast) == nil {
		l.items = make([]Presence, len(fast))
		for i, p := range fast {
			l.items[i] = Presence(p)
		}
		return nil
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err // not a list at all
	}
	l.items = make([]Presence, 0, len(raw))
	for _, r := range raw {
		var p Presence
		if p.UnmarshalJSON(r) != nil {
			l.skipped++
			continue
		}
		l.items = append(l.items, p)
	}
	return nil
}

// presenceStatus and userPresence are the bodies of the presence updates.
type (
	presenceStatus struct {
		Category Category `json:"category"`
	}
	userPresence struct {
		Category Category `json:"category"`
		UserID   int64    `json:"userId"`
	}
)

// presencePageSize is the largest page of all users' presence ("The maximum
// supported value is 5000").
const presencePageSize = 5000

// Presence returns the caller's presence (GET /pod/v2/user/presence).
func (c *Client) Presence(ctx context.Context) (Presence, error) {
	var p Presence
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v2/user/presence"}, &p)
	return p, err
}

// SetPresence sets the caller's presence (POST /pod/v2/user/presence). With
// soft, the user's activity counts: an offline user stays offline until
// back, an idle one shows AWAY.
func (c *Client) SetPresence(ctx context.Context, category Category, soft bool) (Presence, error) {
	var p Presence
	q := url.Values{"soft": {strconv.FormatBool(soft)}}
	err := c.do(ctx, call{method: http.MethodPost, route: "/pod/v2/user/presence", query: q, body: presenceStatus{Category: category}, effect: writes}, &p)
	return p, err
}

// UserPresence returns a user's presence (GET /pod/v3/user/{uid}/presence).
// With local, users of other pods read as OFFLINE; without, an external
// user's presence needs a registered interest (RegisterPresenceInterest).
func (c *Client) UserPresence(ctx context.Context, userID int64, local bool) (Presence, error) {
	var p Presence
	q := url.Values{"local": {strconv.FormatBool(local)}}
	err := c.do(ctx, call{method: http.MethodGet, route: "/pod/v3/user/{uid}/presence", params: []string{idParam(userID)}, query: q}, &p)
	return p, err
}

// SetUserPresence sets another user's presence (admin; POST /pod/v3/user/presence).
func (c *Client) SetUserPresence(ctx context.Context, userID int64, category Category, soft bool) (Presence, error) {
	var p Presence
	q := url.Values{"soft": {strconv.FormatBool(soft)}}
	err := c.do(ctx, call{method: http.MethodPost, route: "/pod/v3/user/presence", query: q, body: userPresence{Category: category, UserID: userID}, effect: writes}, &p)
	return p, err
}

// PresencePage returns up to limit presences (at most 5,000) of the pod's
// users sorted by id, starting after lastUserID when hasLast
// (GET /pod/v2/users/presence). Inactive users may be missing.
func (c *Client) PresencePage(ctx context.Context, lastUserID int64, hasLast bool, limit int) ([]Presence, error) {
	q := url.Values{}
	if hasLast {
		q.Set("lastUserId", strconv.FormatInt(lastUserID, 10))
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var l presenceList
	endpoint := call{method: http.MethodGet, route: "/pod/v2/users/presence", query: q}
	if err := c.do(ctx, endpoint, &l); err != nil {
		return nil, err
	}
	if l.skipped > 0 {
		// A page is the whole truth about its users: with one missing, a
		// full load would drop that user, so the page fails instead.
		return nil, &Error{Status: http.StatusOK, Endpoint: endpoint.endpoint(), Host: hostOf(c.podRoot),
			Err: fmt.Errorf("%d of %d presence records could not be decoded", l.skipped, l.skipped+len(l.items))}
	}
	return l.items, nil
}

// AllPresence walks the presence of every (active) user of the pod, 5,000
// per request, by lastUserId. The spec reads "skip users with IDs less than
// this parameter", i.e. inclusive, so a repeated first record is dropped.
// Create a presence feed first to catch changes made during the walk.
func (c *Client) AllPresence(ctx context.Context) iter.Seq2[Presence, error] {
	return pagedByKey(ctx, presencePageSize, func(p Presence) int64 { return p.UserID },
		func(ctx context.Context, last int64, hasLast bool, limit int) ([]Presence, error) {
			return c.PresencePage(ctx, last, hasLast, limit)
		})
}

// RegisterPresenceInterest asks the pod to track the presence of external
// users so UserPresence can report it (POST /pod/v1/user/presence/register).
// It changes nothing visible, so read-only mode allows it.
func (c *Client) RegisterPresenceInterest(ctx context.Context, userIDs ...int64) error {
	if userIDs == nil {
		userIDs = []int64{}
	}
	return c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/user/presence/register", body: userIDs}, nil)
}
