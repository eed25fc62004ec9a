package pod

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ErrOutcomeUnknown matches (errors.Is) every *OutcomeUnknownError.
var ErrOutcomeUnknown = errors.New("outcome unknown")

// OutcomeUnknownError is a create the pod may or may not have carried out:
// the request went out, no clear answer came back (the connection broke, no
// answer in time, a 5xx), and looking for what it would have made did not
// settle it. The create is never sent again by itself: a second one could
// make a twin. Error() is one sentence for the operator; errors.As also
// finds the *Error of the lost answer.
type OutcomeUnknownError struct {
	Action   string // what was asked, e.g. `create room "Ops"`
	Lost     *Error // the attempt whose answer was lost
	Found    string // what the check saw, when it ran to the end
	CheckErr error  // why the check could not run or finish
}

func (e *OutcomeUnknownError) Error() string {
	msg := fmt.Sprintf("outcome unknown: %s was sent but no answer came back (%s)", e.Action, lostReason(e.Lost))
	if failedToAnswer(e.Lost) {
		// The pod answered, with an error: the handler may or may not have run.
		msg = fmt.Sprintf("outcome unknown: %s was sent and the pod failed to answer it (%s)", e.Action, lostReason(e.Lost))
	}
	switch {
	case errors.Is(e.CheckErr, context.Canceled):
		msg += "; not looked for, as the call was cancelled"
	case e.CheckErr != nil:
		msg += "; looking for it failed too: " + e.CheckErr.Error()
	case e.Found != "":
		msg += "; " + e.Found
	}
	return msg + "; look before trying again: a second try could make a twin"
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap gives errors.Is/As the lost answer and the check's failure.
func (e *OutcomeUnknownError) Unwrap() []error {
	errs := []error{e.Lost}
	if e.CheckErr != nil {
		errs = append(errs, e.CheckErr)
	}
	return errs
}

// failedToAnswer reports a 5xx of the pod itself; a gateway's 502 or 504
// says the pod's answer was lost on the way.
func failedToAnswer(e *Error) bool {
	return e != nil && e.Status >= 500 && e.Status != http.StatusBadGateway && e.Status != http.StatusGatewayTimeout
}

// lostReason says in a few words why the answer is missing; not "cannot
// reach the pod", which would claim the request never arrived.
func lostReason(e *Error) string {
	var stalled *AttemptTimeoutError
	switch {
	case e == nil:
		return "no answer"
	case e.Status >= 500:
		return fmt.Sprintf("HTTP %d%s", e.Status, e.colonMessage())
	case errors.As(e.Err, &stalled):
		return fmt.Sprintf("no answer within the read timeout, %v", stalled.After)
	case errors.Is(e.Err, context.DeadlineExceeded):
		return "the call ran out of time waiting for the answer"
	case errors.Is(e.Err, context.Canceled):
		return "cancelled while waiting for the answer"
	case e.Err != nil:
		return networkCause(e.Err).Error()
	}
	return fmt.Sprintf("HTTP %d", e.Status)
}

// createSkew is how far the pod's clock may be from ours when telling an
// object this create made from an older one of the same name.
const createSkew = time.Minute

// checkTimeout bounds the check after a create whose call ran out of time.
const checkTimeout = 30 * time.Second

// lost reports whether err is a create's answer that went missing after
// the request went out.
func lost(err error) (*Error, bool) {
	var pe *Error
	return pe, errors.As(err, &pe) && pe.Unanswered
}

// confirm settles a create whose answer was lost: find looks for what the
// create would have made, reporting whether it is there and, if not, what it
// saw. confirm returns nil when it is there (the create happened), else an
// *OutcomeUnknownError. A cancelled call is not checked (the caller left);
// one that ran out of time is checked with a little more time of its own.
func (c *Client) confirm(ctx context.Context, lostErr *Error, action string, find func(context.Context) (bool, string, error)) error {
	unknown := &OutcomeUnknownError{Action: action, Lost: lostErr}
	if errors.Is(ctx.Err(), context.Canceled) {
		unknown.CheckErr = ctx.Err()
		return unknown
	}
	if ctx.Err() != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), checkTimeout)
		defer cancel()
	}
	ok, seen, err := find(ctx)
	switch {
	case err != nil:
		unknown.CheckErr = err
	case ok:
		return nil
	default:
		unknown.Found = seen
	}
	return unknown
}

// since is the earliest creation time (pod clock, epoch ms) an object made
// by a request sent at sent can carry.
func since(sent time.Time) int64 { return sent.Add(-createSkew).UnixMilli() }

func stamp(ms int64) string { return time.UnixMilli(ms).UTC().Format("15:04:05 UTC") }

// findCreatedRoom looks for the room a lost create would have made: by
// its exact name, created by us, not before the request.
func (c *Client) findCreatedRoom(ctx context.Context, attrs RoomChanges, sent time.Time, out *Room) (bool, string, error) {
	if attrs.Name == nil || *attrs.Name == "" {
		return false, "a room without a name cannot be looked for", nil
	}
	name := *attrs.Name
	me, err := c.SessionInfo(ctx)
	if err != nil {
		return false, "", err
	}
	criteria := RoomSearchCriteria{Query: name, SearchFields: []string{"name"}, Creator: &UserRef{ID: me.ID}}
	rooms, err := Collect(c.SearchAllRooms(ctx, criteria, true))
	if err != nil {
		return false, "", err
	}
	from := since(sent)
	var matches []Room
	for _, r := range rooms {
		si := r.RoomSystemInfo
		if r.RoomAttributes.Name == name && (si.CreatedByUserID == 0 || si.CreatedByUserID == me.ID) && (si.CreationDate == 0 || si.CreationDate >= from) {
			matches = append(matches, r)
		}
	}
	switch len(matches) {
	case 0:
		return false, fmt.Sprintf("no room of that name created by this account since %s was found (a search may lag behind a create)", stamp(from)), nil
	case 1:
		*out = matches[0]
		return true, "", nil
	}
	return false, fmt.Sprintf("%d rooms of that name were created by this account since %s; check which to keep", len(matches), stamp(from)), nil
}

// findCreatedUser looks for the user a lost create would have made: by its
// username, which the pod keeps unique, created not before the request.
func (c *Client) findCreatedUser(ctx context.Context, u UserCreate, sent time.Time, out *UserDetail) (bool, string, error) {
	name := u.UserAttributes.UserName
	if name == "" {
		return false, "a user without a username cannot be looked for", nil
	}
	list, err := c.UsersByUsername(ctx, []string{name}, LookupOptions{})
	if err != nil {
		return false, "", err
	}
	if len(list.Users) == 0 {
		return false, "no user has that username yet", nil
	}
	d, err := c.UserDetail(ctx, list.Users[0].ID)
	if err != nil {
		return false, "", err
	}
	if created := d.UserSystemInfo.CreatedDate; created != 0 && created < since(sent) {
		return false, fmt.Sprintf("that username belongs to user %d, created at %s, before this request", d.UserSystemInfo.ID, stamp(created)), nil
	}
	*out = d
	return true, "", nil
}

// findConnectionRequest looks at the connection a lost request would have
// made: pending on our side (or already accepted) means it went through.
func (c *Client) findConnectionRequest(ctx context.Context, userID int64, out *Connection) (bool, string, error) {
	conn, err := c.Connection(ctx, userID)
	switch {
	case IsNotFound(err):
		return false, fmt.Sprintf("the pod has no connection with user %d", userID), nil
	case err != nil:
		return false, "", err
	case conn.Status == ConnectionPendingOutgoing || conn.Status == ConnectionAccepted:
		*out = conn
		return true, "", nil
	}
	return false, fmt.Sprintf("the connection with user %d is %s", userID, conn.Status), nil
}

// createCall is a create's call, sent once (see effect creates).
func createCall(route string, body any) call {
	return call{method: http.MethodPost, route: route, body: body, effect: creates}
}
