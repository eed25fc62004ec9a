package users

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/views/internal/viewtest"
)

// Disabling several marked users where the pod refuses one: the others
// are disabled, the summary counts them and says why the one failed, in
// the pod's words, and its row keeps its status; the one refused stays
// marked for a second try, the others are unmarked.
func TestUsersBulkDisableSaysWhatFailedAndWhy(t *testing.T) {
	var refused atomic.Int64
	h := viewtest.New(t, viewtest.SmallPod(), viewtest.WithPodFront(func(w http.ResponseWriter, r *http.Request) bool {
		if id := refused.Load(); id != 0 && strings.HasSuffix(r.URL.Path, fmt.Sprintf("/admin/user/%d/status/update", id)) {
			viewtest.PodRefusal(w, http.StatusForbidden, "This user is protected\x1b[31m by policy")
			return true
		}
		return false
	}))
	v, _ := newTestUsers(t, h, 140, 30)
	var ids []int64
	var names []string
	for i := range 4 {
		u := plainLocalUser(t, h, i)
		ids, names = append(ids, u.UserSystemInfo.ID), append(names, u.UserAttributes.DisplayName)
	}
	refused.Store(ids[2])
	markRows(t, v, ids...)
	out := viewtest.Press(t, v, viewtest.RuneKey("D"))
	out = viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	want := fmt.Sprintf("Disabled 3 of 4 users; 1 failed: This user is protected by policy (%s <", names[2])
	if got := out.LastStatus(); !strings.HasPrefix(got, want) {
		t.Fatalf("status %q, want %q", got, want)
	}
	for i, id := range ids {
		wantStatus := pod.UserDisabled
		if i == 2 {
			wantStatus = pod.UserEnabled
		}
		if st := podStatus(t, h, id); st != wantStatus {
			t.Fatalf("user %d is %s on the pod, want %s", id, st, wantStatus)
		}
		if r := v.recs[id]; r.Status != wantStatus {
			t.Fatalf("row %d says %q, want %s", id, r.Status, wantStatus)
		}
	}
	if got := v.table.Marked(); len(got) != 1 || got[0] != strconv.FormatInt(ids[2], 10) {
		t.Fatalf("marked after a partial change: %v; want the refused row %d alone", got, ids[2])
	}
	if v.job != nil {
		t.Fatal("the job is still held after its result")
	}
}

// A pod search stands in for the list and hides its marks: the foot counts
// them as marked and hidden, and they are back with the list.
func TestUsersSearchFootCountsTheListsMarks(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 140, 30)
	var ids []int64
	for i := range 3 {
		ids = append(ids, plainLocalUser(t, h, i).UserSystemInfo.ID)
	}
	markRows(t, v, ids...)
	u := plainLocalUser(t, h, 5)
	viewtest.Drive(t, v, func() tea.Msg { return usersCommand(u.UserAttributes.DisplayName) })
	ls := strings.Split(v.View(), "\n")
	viewtest.MustContain(t, "the search's foot", ls[len(ls)-1], "3 marked, 3 hidden")
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEsc))
	ls = strings.Split(v.View(), "\n")
	if foot := ls[len(ls)-1]; !strings.Contains(foot, "3 marked") || strings.Contains(foot, "hidden") {
		t.Errorf("the list's foot: %q", foot)
	}
}

// The note that details take the cursor row only names what hides the
// marks (the status filter here), and goes once the marks are cleared: the
// line must not keep counting marks that are gone.
func TestUsersCursorOnlyNoteNamesTheStatusFilterAndGoesStale(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	on, off := plainLocalUser(t, h, 0), plainLocalUser(t, h, 1)
	if err := h.Admin.UpdateUserStatus(h.Ctx(t), off.UserSystemInfo.ID, pod.UserDisabled); err != nil {
		t.Fatal(err)
	}
	v, _ := newTestUsers(t, h, 140, 30)
	markRows(t, v, on.UserSystemInfo.ID, off.UserSystemInfo.ID)
	v.setStatus(statusEnabled)
	cursorTo(t, v, on.UserSystemInfo.ID)
	out := viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEnter))
	note := out.LastStatus()
	viewtest.MustContain(t, "the note", note, "details takes the cursor row only, not the 2 marked users (1 hidden by the status filter)")

	out = viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEsc)) // clears the marks
	if v.table.MarkCount() != 0 {
		t.Fatalf("esc left %d marked", v.table.MarkCount())
	}
	if len(out.Status) != 1 || out.Status[0].Replaces != note || out.Status[0].Text != "" {
		t.Errorf("the note is not withdrawn: %+v", out.Status)
	}
}
