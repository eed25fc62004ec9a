package pod

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptrace"
	"sync"
)

// A presence feed collects the presence changes of the pod's users between
// reads. Feeds are read-only for the pod's data, so read-only mode allows
// creating, reading and deleting them. An unread feed may expire: a read
// failing with 400 or 404 means create a new one and resync with AllPresence.
//
// A read drains what it returns: when its answer is lost after the pod
// handled it, those changes are gone. Such reads are never replayed (a
// replay would answer with what came since and hide the loss); FeedReadLost
// and FeedRead.Complete tell the caller to resynchronise instead.

// FeedReadMax is the most records one feed read returns; a full read means
// more may be waiting.
const FeedReadMax = 500

// CreatePresenceFeed creates a feed and returns its id
// (POST /pod/v1/presence/feed/create). A replay after a lost answer leaves
// an unused feed behind, which expires unread, so it is retried like a read.
func (c *Client) CreatePresenceFeed(ctx context.Context) (string, error) {
	var s stringID
	err := c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/presence/feed/create"}, &s)
	return s.ID, err
}

// FeedRead is what one feed read returned.
type FeedRead struct {
	// Records hold the current presence of each user whose presence changed
	// since the last read.
	Records []Presence
	// Skipped counts records that could not be decoded: those users' changes are unknown.
	Skipped int
	// Replayed reports that the HTTP client sent the read again after an
	// earlier attempt was sent and its answer never came: what that answer held is gone.
	Replayed bool
}

// Complete reports whether the read delivered every change it took off the
// feed; when not, resynchronise with AllPresence.
func (r FeedRead) Complete() bool { return r.Skipped == 0 && !r.Replayed }

// Full reports whether the pod returned its maximum: more may be waiting.
func (r FeedRead) Full() bool { return len(r.Records)+r.Skipped >= FeedReadMax }

// ReadPresenceFeed returns the current presence of each user whose presence
// changed since the last read, up to FeedReadMax (GET /pod/v1/presence/feed/{feedId}/read).
// It is retried only when the request never reached the pod or the pod
// turned it away (429, 503 with Retry-After). A record that cannot be
// decoded is skipped and counted, not fatal to the others.
func (c *Client) ReadPresenceFeed(ctx context.Context, feedID string) (FeedRead, error) {
	var w answerWatch
	var l presenceList
	err := c.do(w.attach(ctx), call{method: http.MethodGet, route: "/pod/v1/presence/feed/{feedId}/read", params: []string{feedID}, effect: drains}, &l)
	r := FeedRead{Records: l.items[:0], Skipped: l.skipped, Replayed: w.replayed()}
	for _, p := range l.items {
		if p.UserID == 0 || p.Category == "" {
			r.Skipped++ // names no user or no state: a change that cannot be applied
			continue
		}
		r.Records = append(r.Records, p)
	}
	return r, err
}

// FeedReadLost reports whether a failed ReadPresenceFeed may have drained
// the feed: the request may have reached the pod and no usable answer came
// back (the connection closed or reset after sending, a timeout, a 5xx or a
// proxy's 502/504, an unreadable body). Its changes are gone: resynchronise.
// A read that provably never reached the pod (connection refused, DNS, TLS,
// sign-in failed) or that the pod turned away with a 4xx took nothing.
func FeedReadLost(err error) bool {
	var pe *Error
	if !errors.As(err, &pe) {
		return false // refused before sending (read-only, a bad feed id)
	}
	switch {
	case pe.Status == 0:
		return !isDialFailure(pe.Err) && !isTLSFailure(pe.Err) && !isAuthFailure(pe.Err)
	case pe.Status < 400:
		return true // answered, but the body broke off or could not be decoded
	default:
		return pe.Status >= 500
	}
}

// DeletePresenceFeed deletes a feed (POST /pod/v1/presence/feed/{feedId}/delete).
func (c *Client) DeletePresenceFeed(ctx context.Context, feedID string) error {
	return c.do(ctx, call{method: http.MethodPost, route: "/pod/v1/presence/feed/{feedId}/delete", params: []string{feedID}}, nil)
}

// answerWatch notices net/http sending a request again after an earlier
// attempt was written and its answer never began: the transport does that
// for a GET on a reused connection the server closed or reset, which for a
// feed read would hide the lost answer behind the replay's empty one.
// Hooks count across attempts, sign-ins and retries of one call: a new
// connection taken while a written request is unanswered is such a replay.
type answerWatch struct {
	mu         sync.Mutex
	unanswered int // requests written minus answers begun
	lost       bool
}

func (w *answerWatch) attach(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) {
			w.mu.Lock()
			if w.unanswered > 0 {
				w.lost = true
			}
			w.mu.Unlock()
		},
		WroteRequest: func(i httptrace.WroteRequestInfo) {
			if i.Err == nil {
				w.mu.Lock()
				w.unanswered++
				w.mu.Unlock()
			}
		},
		GotFirstResponseByte: func() {
			w.mu.Lock()
			w.unanswered--
			w.mu.Unlock()
		},
	})
}

func (w *answerWatch) replayed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.lost
}
