package views

import (
	"strconv"
	"strings"
	"testing"

	"symtui/pod"
	"symtui/ui"
)

// podUsers returns a user of the caller's pod and a user of another pod,
// both with plain emails, and neither the caller.
func podUsers(t *testing.T, h *harness) (same, other pod.User) {
	t.Helper()
	ctx := h.ctx(t)
	me, err := h.Admin.SessionInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := h.Admin.SearchUsers(ctx, pod.UserSearchQuery{}, false, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range res.Users {
		if u.ID == me.ID || !isPlain(u.EmailAddress) || u.EmailAddress == "" {
			continue
		}
		if isExternal(u.ID, me.ID) {
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
func pickerAnswer(t *testing.T, v *Connections, query string) ui.PickerItemsMsg {
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
	h := newHarness(t, smallPod())
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

// A request the pod answers with ACCEPTED created nothing: the status line
// says so instead of "sent".
func TestConnectionsRequestAnsweredAcceptedSaysAlreadyConnected(t *testing.T) {
	h := newHarness(t, smallPod())
	same, _ := podUsers(t, h)
	v := newTestConnections(t, h)
	_, cmd := v.Update(ui.PickerResultMsg{Payload: connRequestPayload{}, Picked: true,
		Item: ui.PickerItem{ID: strconv.FormatInt(same.ID, 10), Label: same.DisplayName}})
	out := drive(t, v, cmd)
	status := out.lastStatus()
	mustContain(t, "status", status, "already connected (same pod or accepted)")
	if strings.Contains(status, "sent") && !strings.Contains(status, "no request sent") {
		t.Fatalf("status %q claims a request was sent", status)
	}
}
