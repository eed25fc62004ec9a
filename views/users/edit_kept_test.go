package users

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// A pod that answers an update but keeps a field it was sent empty (as the
// pod does with list fields): the console does not say "updated" and
// stops, it says which field the pod kept, and with what.
func TestUsersEditSaysWhatThePodKept(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod(), viewtest.WithPodFront(func(w http.ResponseWriter, r *http.Request) bool {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/update") && strings.Contains(r.URL.Path, "/admin/user/") {
			var body map[string]any
			_ = json.NewDecoder(r.Body).Decode(&body)
			if body["title"] == "" {
				delete(body, "title") // kept: the field never reaches the store
			}
			b, _ := json.Marshal(body)
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
		}
		return false
	}))
	v, _ := newTestUsers(t, h, 120, 30)
	target := plainLocalUser(t, h, 2)
	if target.UserAttributes.Title == "" {
		t.Skip("the seed gave this user no title")
	}
	cursorTo(t, v, target.UserSystemInfo.ID)
	form := viewtest.Press(t, v, viewtest.RuneKey("e")).Modals[0]
	for range 5 {
		form.Update(viewtest.TypeKey(tea.KeyTab))
	}
	form.Update(viewtest.TypeKey(tea.KeyCtrlC))
	form.Update(viewtest.RuneKey("x"))
	form.Update(viewtest.TypeKey(tea.KeyBackspace))
	out := viewtest.ModalKeys(t, v, form, viewtest.TypeKey(tea.KeyEnter), viewtest.RuneKey("y"))
	last := out.Status[len(out.Status)-1]
	if last.Level != ui.LevelWarning {
		t.Fatalf("the console says %q (%v) after the pod kept the title", last.Text, last.Level)
	}
	viewtest.MustContain(t, "status", last.Text, "but the pod kept title “"+target.UserAttributes.Title+"”")
}

// The emulator, like a pod, clears a field sent empty but refuses to clear
// the display name, or the email of a NORMAL account, and then changes
// nothing at all.
func TestPodClearsFieldsSentEmptyButNotRequiredOnes(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	u := plainLocalUser(t, h, 1)
	id := u.UserSystemInfo.ID
	empty, title := "", "Desk Head"
	before := userRecord(t, h, id)
	for name, ch := range map[string]pod.UserChanges{
		"display name": {DisplayName: &empty, Title: &title},
		"email":        {EmailAddress: &empty, Title: &title},
	} {
		if _, err := h.Admin.UpdateUser(h.Ctx(t), id, ch); !pod.IsBadRequest(err) {
			t.Fatalf("clearing the %s: %v, want a refusal", name, err)
		}
		if after := userRecord(t, h, id); !bytes.Equal(before, after) {
			t.Fatalf("a refused update changed %v", viewtest.RecordDiff(t, before, after))
		}
	}
	d, err := h.Admin.UpdateUser(h.Ctx(t), id, pod.UserChanges{Department: &empty, Location: &empty})
	if err != nil || d.UserAttributes.Department != "" || d.UserAttributes.Location != "" {
		t.Fatalf("clearing department and location: %+v, %v", d.UserAttributes, err)
	}
	var want []string // the fields that held something
	if u.UserAttributes.Department != "" {
		want = append(want, "Department")
	}
	if u.UserAttributes.Location != "" {
		want = append(want, "Location")
	}
	if diff := viewtest.RecordDiff(t, before, userRecord(t, h, id)); !slices.Equal(diff, want) {
		t.Fatalf("clearing department and location changed %v, want %v", diff, want)
	}
}
