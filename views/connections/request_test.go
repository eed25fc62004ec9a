package connections

import (
	"strconv"
	"strings"
	"testing"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// podUsers returns a user of the caller's pod and a user of another pod,
// both with plain emails, and neither the caller.
func podUsers(t *testing.T, h *viewtest.Harness) (same, other pod.User) {
	t.Helper()
	ctx := h.Ctx(t)
	me, err := h.Admin.SessionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.Admin.SearchUsers(ctx, pod.UserSearchQuery{}, false, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range res.Users {
		if u.ID == me.ID || !viewtest.IsPlain(u.EmailAddress) || u.EmailAddress == "" {
			continue
		}
		if tab.IsExternal(u.ID, me.ID) {
			if other.ID == 0 {
				other = u
			}
		} else if same.ID == 0 {
			same = u
		}
	}
	if same.ID == 0 || other.ID == 0 {
		t.Fatalf("the seed lacks a plain user of this pod (%d) or of another (%d)", same.ID, other.ID)
	}
	return same, other
}

// pickerAnswer runs the view's answer to a query of the request Picker.
func pickerAnswer(t *testing.T, v *Tab, query string) ui.PickerItemsMsg {
	t.Helper()
	_, cmd := v.Update(ui.PickerQueryMsg{Picker: connPickerID, Tag: 1, Query: query})
	if cmd == nil {
		t.Fatal("the query got no answer")
	}
	msg, ok := cmd().(ui.PickerItemsMsg)
	if !ok {
		t.Fatalf("the answer is %T", msg)
	}
	return msg
}

func pickerHas(items []ui.PickerItem, id int64) bool {
	for _, it := range items {
		if it.ID == strconv.FormatInt(id, 10) {
			return true
		}
	}
	return false
}

// The request Picker offers users of other pods only: a same-pod user is
// connected already, and the picker says why it shows none.
func TestConnectionsPickerOffersOtherPodsOnly(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	same, other := podUsers(t, h)
	v := newTestConnections(t, h)
	if v.selfID == 0 {
		t.Fatal("the tab did not learn who the caller is")
	}

	got := pickerAnswer(t, v, same.EmailAddress)
	if got.Err == nil && len(got.Items) == 0 {
		t.Fatal("the picker offers nothing and says nothing")
	}
	if pickerHas(got.Items, same.ID) {
		t.Fatalf("the picker offers %s, a user of this pod", same.EmailAddress)
	}
	if got.Err != nil && !strings.Contains(got.Err.Error(), "no user of another pod matches") {
		t.Fatalf("the picker says %q", got.Err)
	}
	if got := pickerAnswer(t, v, other.EmailAddress); got.Err != nil || !pickerHas(got.Items, other.ID) {
		t.Fatalf("the picker does not offer %s, a user of another pod: %+v", other.EmailAddress, got)
	}

	// Before the caller is known the search learns it itself.
	v.selfID = 0
	if got := pickerAnswer(t, v, same.EmailAddress); pickerHas(got.Items, same.ID) {
		t.Fatalf("before the caller is known, the picker offers %s", same.EmailAddress)
	}
}

// requestTo picks user id in the request Picker and returns the status
// line the request ends with.
func requestTo(t *testing.T, v *Tab, id int64, label string) string {
	t.Helper()
	_, cmd := v.Update(ui.PickerResultMsg{Payload: connRequestPayload{}, Picked: true,
		Item: ui.PickerItem{ID: strconv.FormatInt(id, 10), Label: label}})
	return viewtest.Drive(t, v, cmd).LastStatus()
}

func connCreates(h *viewtest.Harness) int {
	return h.Emu.Stats().Routes["POST /pod/v1/connection/create"].Requests
}

// The status line says what the pod did with a connection request: a
// user already connected is told so and no request leaves; otherwise the
// request is sent and the pod's answer is described (new, repeated, or
// the acceptance of their own invitation).
func TestConnectionsRequestSaysWhatThePodDid(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	same, _ := podUsers(t, h)
	v := newTestConnections(t, h)
	ctx := h.Ctx(t)
	me, err := h.Admin.SessionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all, err := h.Admin.Connections(ctx, pod.ConnectionAll)
	if err != nil {
		t.Fatal(err)
	}
	state := map[int64]pod.ConnectionStatus{}
	var incoming int64
	for _, c := range all {
		state[c.UserID] = c.Status
		if c.Status == pod.ConnectionPendingIncoming && incoming == 0 {
			incoming = c.UserID
		}
	}
	res, err := h.Admin.SearchUsers(ctx, pod.UserSearchQuery{}, false, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var fresh int64
	for _, u := range res.Users {
		if tab.IsExternal(u.ID, me.ID) && state[u.ID] == "" {
			fresh = u.ID
			break
		}
	}
	if fresh == 0 || incoming == 0 {
		t.Fatalf("the seed lacks an unconnected external user (%d) or an incoming invitation (%d)", fresh, incoming)
	}

	// Connected already (same pod): said, and nothing sent.
	n := connCreates(h)
	status := requestTo(t, v, same.ID, "Same Pod")
	viewtest.MustContain(t, "status", status, "Same Pod is already connected")
	viewtest.MustContain(t, "status", status, "no request sent")
	if got := connCreates(h); got != n {
		t.Fatalf("%d connection requests sent to a connected user", got-n)
	}

	// A new request, then the same again.
	viewtest.MustContain(t, "status", requestTo(t, v, fresh, "Fresh"), "sent a connection request to Fresh (pending their answer)")
	viewtest.MustContain(t, "status", requestTo(t, v, fresh, "Fresh"), "sent the connection request to Fresh again (request 2, still pending)")
	if got := connCreates(h); got != n+2 {
		t.Fatalf("%d requests reached the pod, want 2", got-n)
	}

	// They had invited us: the request accepted it.
	viewtest.MustContain(t, "status", requestTo(t, v, incoming, "Inviter"), "Inviter had invited you: the request accepted it")
	if c, err := h.Admin.Connection(ctx, incoming); err != nil || c.Status != pod.ConnectionAccepted {
		t.Fatalf("after accepting by request: %+v, %v", c, err)
	}
	// Now connected: nothing more is sent.
	viewtest.MustContain(t, "status", requestTo(t, v, incoming, "Inviter"), "no request sent")
	if got := connCreates(h); got != n+3 {
		t.Fatalf("%d requests reached the pod, want 3", got-n)
	}
}
