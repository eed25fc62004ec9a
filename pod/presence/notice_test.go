package presence

import (
	"errors"
	"strings"
	"syscall"
	"testing"

	"symtui/pod"
)

// The resync notice says what happened to the reads: a 5xx is the pod
// failing to answer (its handler may not have run), not a lost answer; a
// connection closed after sending, or a gateway's 502/504, is.
func TestResyncNoticeTellsFailedFromLost(t *testing.T) {
	cases := []struct {
		errs []error
		want string
	}{
		{[]error{&pod.Error{Status: 503}}, "the pod failed to answer a presence feed read (HTTP 503)"},
		{[]error{&pod.Error{Status: 500}, &pod.Error{Status: 503}}, "the pod failed to answer 2 presence feed reads (last: HTTP 503)"},
		{[]error{&pod.Error{Err: syscall.ECONNRESET}}, "the answer to a presence feed read was lost"},
		{[]error{&pod.Error{Status: 502}, &pod.Error{Status: 504}}, "the answers to 2 presence feed reads were lost"},
		{[]error{&pod.Error{Status: 503}, &pod.Error{Err: errors.New("EOF")}}, "the pod failed to answer a presence feed read (HTTP 503), the answer to a presence feed read was lost"},
	}
	for _, c := range cases {
		tr := &Tracker{}
		for _, err := range c.errs {
			tr.lostChanges(pod.FeedRead{}, err)
		}
		got := tr.loads.reason()
		if got != c.want {
			t.Errorf("%v: %q; want %q", c.errs, got, c.want)
		}
		if len(c.errs) == 1 && c.errs[0].(*pod.Error).Status == 503 && strings.Contains(got, "lost") {
			t.Errorf("a 503 said lost: %q", got)
		}
	}
}
