package ui

import (
	"strings"
	"testing"
)

// hostileRaw holds every class of character a form cannot show as itself.
const hostileRaw = "\x1b[31mRed\x1b[0m \x1b]8;;https://evil.example/\x1b\\link \u202egnp\u2066i\u2069 \u200f\u061c z\u200bw \u2028\u2029 nul\x00 cr\r bs\x08 \u009b2J"

func editForm(c *Common) *Form {
	return NewEditForm(c, "Edit user Bob", []Field{
		{Key: "displayName", Label: "Display name", Value: hostileRaw, Required: true, CharLimit: 16},
		{Key: "title", Label: "Title", Value: "Junior Trader"},
		{Key: "email", Label: "Email", Value: "bob@example.com", Names: []string{"emailAddress"}},
		{Key: "discoverable", Label: "Discoverable", Kind: FieldBool, Checked: true},
	}, "payload")
}

func formResult(t *testing.T, f *Form) FormResultMsg {
	t.Helper()
	res, done := f.Done()
	if !done {
		t.Fatalf("the form is still open:\n%s", f.View())
	}
	return res.(FormResultMsg)
}

// An edit form shows a hostile value with placeholders, whole (the char
// limit is for typing), and nothing unsafe reaches the screen.
func TestEditFormShowsRawValuesExactlyAndSafely(t *testing.T) {
	c := testCommon(t)
	c.Width = 200
	f := editForm(c)
	f.SetSize(200, 40)
	if got := f.fields[0].input.Value(); got != Visible(hostileRaw) {
		t.Fatalf("the field holds %q, want %q", got, Visible(hostileRaw))
	}
	out := f.View()
	for _, r := range out {
		if r != '\n' && Unsafe(r) {
			t.Fatalf("the form draws %U:\n%q", r, out)
		}
	}
	// It opens at its start; the end key shows its end.
	mustShow(t, out, "> Display name ⟨ESC⟩[31mRed⟨ESC⟩[0m", "⟨…⟩ marks a character the terminal cannot show")
	sendModal(f, "end")
	mustShow(t, f.View(), "⟨CR⟩ bs⟨BS⟩ ⟨U+009B⟩2J")
	for _, r := range f.View() {
		if r != '\n' && Unsafe(r) {
			t.Fatalf("the form draws %U", r)
		}
	}
}

// Submitted untouched, an edit form gives back no change and asks nothing;
// the raw values come back as they were, never their shown form.
func TestEditFormUntouchedSendsNothing(t *testing.T) {
	f := editForm(testCommon(t))
	sendModal(f, "tab", "tab", "enter")
	r := formResult(t, f)
	if !r.Submitted || len(r.Changes) != 0 {
		t.Fatalf("untouched form: submitted %v, changes %+v", r.Submitted, r.Changes)
	}
	if r.Values["displayName"] != hostileRaw {
		t.Fatalf("displayName came back as %q", r.Values["displayName"])
	}
	// Typing and deleting it again is no change either.
	f = editForm(testCommon(t))
	sendModal(f, "tab", "x", "backspace", "enter")
	if r := formResult(t, f); len(r.Changes) != 0 {
		t.Fatalf("a field typed back to its value counts as changed: %+v", r.Changes)
	}
}

// A change is reviewed as old → new before it is saved; No goes back to
// the fields with the edit kept; Yes gives back that change only.
func TestEditFormReviewsChangesThenSavesOnlyThem(t *testing.T) {
	c := testCommon(t)
	f := editForm(c)
	f.SetSize(100, 30)
	sendModal(f, "tab", "ctrl+c", "S", "r", "tab", "tab", " ", "enter")
	out := f.View()
	mustShow(t, out, "Save 2 changes? Nothing else is sent.", "Junior Trader → Sr", "on → off", "[>Yes<]")
	if strings.Contains(out, "Display name") {
		t.Fatalf("the review lists an unchanged field:\n%s", out)
	}
	sendModal(f, "n")
	if _, done := f.Done(); done || f.review != nil {
		t.Fatal("No did not go back to the form")
	}
	if got := f.fields[1].input.Value(); got != "Sr" {
		t.Fatalf("the edit was lost: %q", got)
	}
	sendModal(f, "enter", "y")
	r := formResult(t, f)
	if len(r.Changes) != 2 || !r.Changed("title") || !r.Changed("discoverable") || r.Changed("displayName") {
		t.Fatalf("changes: %+v", r.Changes)
	}
	if c := r.Changes[0]; c.Old != "Junior Trader" || c.New != "Sr" {
		t.Fatalf("title change: %+v", c)
	}
	if c := r.Changes[1]; !c.Bool || !c.OldOn || c.NewOn {
		t.Fatalf("discoverable change: %+v", c)
	}
}

// Emptying a field is a change to empty (it clears); a required one says
// before saving that it cannot be cleared. A cleared field starts the
// review on No.
func TestEditFormClearing(t *testing.T) {
	f := editForm(testCommon(t))
	sendModal(f, "ctrl+c", "enter")
	if _, done := f.Done(); done || f.review != nil {
		t.Fatal("a required field was cleared")
	}
	mustShow(t, f.View(), "Display name cannot be cleared:", "requires a value")

	f = editForm(testCommon(t))
	f.SetSize(100, 30)
	sendModal(f, "tab", "ctrl+c", "enter")
	mustShow(t, f.View(), "Junior Trader → (cleared)", "[>No<]")
	sendModal(f, "y")
	r := formResult(t, f)
	if len(r.Changes) != 1 || !r.Changes[0].Cleared() || r.Values["title"] != "" {
		t.Fatalf("cleared title: %+v", r.Changes)
	}
}

// Editing a field shown with placeholders starts from that shown text, and
// what is sent is what the operator saw and typed; the review says so.
func TestEditFormEditedPlaceholderTextIsSentAsTyped(t *testing.T) {
	f := editForm(testCommon(t))
	f.SetSize(120, 30)
	sendModal(f, "end", "!", "enter")
	mustShow(t, f.View(), "the ⟨…⟩ text is sent as typed")
	sendModal(f, "y")
	r := formResult(t, f)
	if want := Visible(hostileRaw) + "!"; r.Values["displayName"] != want {
		t.Fatalf("sent %q, want %q", r.Values["displayName"], want)
	}
}

// When the pod refuses, the form reopens with every typed value, the
// reason under the field it names (focused), or above the fields.
func TestFormRefusedPointsAtTheFieldThePodNamed(t *testing.T) {
	f := editForm(testCommon(t))
	f.SetSize(100, 30)
	sendModal(f, "tab", "tab", "ctrl+c", "a", "@", "b", "enter", "y")
	formResult(t, f)
	f.Refused("emailAddress \"a@b\" is already taken")
	if _, done := f.Done(); done || f.focus != 2 || f.fields[2].input.Value() != "a@b" {
		t.Fatalf("reopened: done, focus %d, email %q", f.focus, f.fields[2].input.Value())
	}
	mustShow(t, f.View(), "> Email", "emailAddress \"a@b\" is already taken")
	f.Refused("Compliance issues found")
	mustShow(t, f.View(), "Compliance issues found")
	if f.focus != 2 {
		t.Fatalf("an unnamed refusal moved the focus to %d", f.focus)
	}
}

func mustShow(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("lacks %q:\n%s", w, out)
		}
	}
}
