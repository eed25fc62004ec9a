package users

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/ui"
	"symtui/views/internal/viewtest"
)

// cursorTo puts the cursor on the row of id.
func cursorTo(t *testing.T, v *Tab, id int64) {
	t.Helper()
	if !v.table.SetCursor(strconv.FormatInt(id, 10)) {
		t.Fatalf("user %d is not shown", id)
	}
}

// markRows marks the rows of ids with the mark key, and leaves the cursor
// on another row.
func markRows(t *testing.T, v *Tab, ids ...int64) {
	t.Helper()
	for _, id := range ids {
		cursorTo(t, v, id)
		viewtest.Press(t, v, viewtest.RuneKey(" "))
	}
	viewtest.Press(t, v, viewtest.RuneKey("G"))
}

func podStatus(t *testing.T, h *viewtest.Harness, id int64) string {
	t.Helper()
	st, err := h.Admin.UserStatus(h.Ctx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	return st.Status
}

// D with rows marked disables the marked users, not the cursor row: the
// confirm names each and counts them, and the status says what is going on
// while the change runs.
func TestUsersDisableActsOnMarkedRows(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	a, b := plainLocalUser(t, h, 0), plainLocalUser(t, h, 1)
	ida, idb := a.UserSystemInfo.ID, b.UserSystemInfo.ID
	markRows(t, v, ida, idb)
	cursor, _ := v.cursorRec()

	out := viewtest.Press(t, v, viewtest.RuneKey("D"))
	if len(out.Modals) != 1 {
		t.Fatalf("D should ask first; status %q", out.LastStatus())
	}
	dialog := out.Modals[0].View()
	for _, want := range []string{"2 items", a.UserAttributes.DisplayName, b.UserAttributes.DisplayName} {
		viewtest.MustContain(t, "the confirm", dialog, want)
	}
	if strings.Contains(dialog, cursor.Name) {
		t.Fatalf("the confirm names the cursor row %q:\n%s", cursor.Name, dialog)
	}
	out = viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	if len(out.Status) < 2 || out.Status[0].Text != "disabling 2 users…" || out.LastStatus() != "disabled 2 users" {
		t.Fatalf("statuses %+v", out.Status)
	}
	for _, id := range []int64{ida, idb} {
		if st := podStatus(t, h, id); st != pod.UserDisabled {
			t.Fatalf("user %d is %s on the pod", id, st)
		}
		if r := v.recs[id]; r.Status != pod.UserDisabled {
			t.Fatalf("row %d says %q", id, r.Status)
		}
	}
	if st := podStatus(t, h, cursor.ID); st != pod.UserEnabled {
		t.Fatalf("the cursor row was changed too: %s", st)
	}
	if len(v.table.Marked()) != 0 {
		t.Fatal("marks should clear once every change went through")
	}

	// Enabling the two again, with one of them already enabled: it is left out.
	if err := h.Admin.UpdateUserStatus(h.Ctx(t), ida, pod.UserEnabled); err != nil {
		t.Fatal(err)
	}
	viewtest.Drive(t, v, v.reload())
	markRows(t, v, ida, idb)
	out = viewtest.Press(t, v, viewtest.RuneKey("R"))
	if len(out.Modals) != 1 {
		t.Fatalf("R should ask first; status %q", out.LastStatus())
	}
	viewtest.MustContain(t, "the enable confirm", out.Modals[0].View(), "1 already enabled is left out")
	viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	if st := podStatus(t, h, idb); st != pod.UserEnabled {
		t.Fatalf("user %d is %s after enabling", idb, st)
	}
}

// One-user actions take the cursor row and say the marks were not used.
func TestUsersOneUserActionsSayMarksAreIgnored(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, copied := newTestUsers(t, h, 120, 30)
	markRows(t, v, plainLocalUser(t, h, 0).UserSystemInfo.ID)
	cursor, _ := v.cursorRec()
	out := viewtest.Press(t, v, viewtest.RuneKey("c"))
	if got := strings.Join(*copied, ","); got != strconv.FormatInt(cursor.ID, 10) {
		t.Fatalf("copied %q, want the cursor row's id %d", got, cursor.ID)
	}
	viewtest.MustContain(t, "copy status", out.LastStatus(), "not the marked user")
	out = viewtest.Press(t, v, viewtest.RuneKey("e"))
	if len(out.Modals) != 1 || !strings.Contains(out.Modals[0].View(), cursor.Name) {
		t.Fatal("edit should open the cursor row's form")
	}
	viewtest.MustContain(t, "edit status", out.LastStatus(), "not the marked user")
}

// + then enter neither grants anything at once nor lands on an
// administrator role: the first role offered is the least privileged, and
// a confirm (default No) follows.
func TestUsersAddRoleStartsLeastPrivilegedAndConfirms(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	target := plainLocalUser(t, h, 1)
	id := target.UserSystemInfo.ID
	cursorTo(t, v, id)

	out := viewtest.Press(t, v, viewtest.RuneKey("+"))
	if len(out.Modals) != 1 {
		t.Fatalf("+ should open the role picker; status %q", out.LastStatus())
	}
	out = viewtest.ModalKeys(t, v, out.Modals[0], viewtest.TypeKey(tea.KeyEnter))
	if len(out.Modals) != 1 {
		t.Fatalf("picking a role should ask first; status %q", out.LastStatus())
	}
	dialog := out.Modals[0].View()
	viewtest.MustContain(t, "the grant confirm", dialog, target.UserAttributes.DisplayName)
	for _, admin := range []string{"SUPER_ADMINISTRATOR", "Grant role ADMINISTRATOR"} {
		if strings.Contains(dialog, admin) {
			t.Fatalf("enter on the picker's first entry offers %s:\n%s", admin, dialog)
		}
	}
	out = viewtest.ModalKeys(t, v, out.Modals[0], viewtest.TypeKey(tea.KeyEnter)) // the default is No
	if out.LastStatus() != "nothing changed" {
		t.Fatalf("status %q", out.LastStatus())
	}
	d, err := h.Admin.UserDetail(h.Ctx(t), id)
	if err != nil || !slices.Equal(d.Roles, target.Roles) {
		t.Fatalf("roles %v (%v), want %v unchanged", d.Roles, err, target.Roles)
	}
}

// Roles added and removed on marked rows reach every marked user.
func TestUsersRolesOnMarkedRows(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	ids := []int64{plainLocalUser(t, h, 0).UserSystemInfo.ID, plainLocalUser(t, h, 2).UserSystemInfo.ID}
	markRows(t, v, ids...)
	out := viewtest.Press(t, v, viewtest.RuneKey("+"))
	if len(out.Modals) != 1 {
		t.Fatalf("+ should open the role picker; status %q", out.LastStatus())
	}
	picker := out.Modals[0]
	viewtest.MustContain(t, "picker", picker.View(), "2 users")
	for _, r := range "l1_support" {
		picker.Update(viewtest.RuneKey(string(r)))
	}
	out = viewtest.ModalKeys(t, v, picker, viewtest.TypeKey(tea.KeyEnter))
	if len(out.Modals) != 1 {
		t.Fatal("no confirm")
	}
	viewtest.MustContain(t, "confirm", out.Modals[0].View(), "Grant role L1_SUPPORT")
	viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	for _, id := range ids {
		d, _ := h.Admin.UserDetail(h.Ctx(t), id)
		if !slices.Contains(d.Roles, "L1_SUPPORT") {
			t.Fatalf("user %d roles %v", id, d.Roles)
		}
	}

	markRows(t, v, ids...)
	out = viewtest.Press(t, v, viewtest.RuneKey("-"))
	if len(out.Modals) != 1 {
		t.Fatalf("- should open the role picker; status %q", out.LastStatus())
	}
	picker = out.Modals[0]
	for _, r := range "l1_support" {
		picker.Update(viewtest.RuneKey(string(r)))
	}
	out = viewtest.ModalKeys(t, v, picker, viewtest.TypeKey(tea.KeyEnter))
	viewtest.MustContain(t, "confirm", out.Modals[0].View(), "Remove role L1_SUPPORT from users: 2 items")
	viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	for _, id := range ids {
		d, _ := h.Admin.UserDetail(h.Ctx(t), id)
		if slices.Contains(d.Roles, "L1_SUPPORT") {
			t.Fatalf("user %d still has L1_SUPPORT: %v", id, d.Roles)
		}
	}
}

// The console refuses to disable or suspend the account it signs in as,
// alone or among marked rows, and sends nothing.
func TestUsersRefusesToLockItselfOut(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	if v.selfID == 0 {
		t.Fatal("the tab should learn who it signs in as")
	}
	before := podWrites(h)
	other := plainLocalUser(t, h, 0).UserSystemInfo.ID

	cursorTo(t, v, v.selfID)
	for _, k := range []string{"D", "Z"} {
		out := viewtest.Press(t, v, viewtest.RuneKey(k))
		if len(out.Modals) != 0 || len(out.Status) != 1 || out.Status[0].Level != ui.LevelError ||
			!strings.Contains(out.LastStatus(), "signs in as") {
			t.Fatalf("%s on the console's own row: modals %d, status %+v", k, len(out.Modals), out.Status)
		}
	}
	markRows(t, v, other, v.selfID)
	if out := viewtest.Press(t, v, viewtest.RuneKey("D")); len(out.Modals) != 0 || !strings.Contains(out.LastStatus(), "signs in as") {
		t.Fatalf("D with the console's own row marked: %+v", out.Status)
	}
	if podWrites(h) != before {
		t.Fatal("a refused change reached the pod")
	}

	// Confirmed before the tab knew who it is: the command checks first.
	p := userOpPayload{Op: opDisableUser, IDs: []int64{v.selfID}, Labels: []string{"self"}}
	out := viewtest.Drive(t, v, v.runOp(p))
	if !strings.Contains(out.LastStatus(), "signs in as") || podWrites(h) != before {
		t.Fatalf("status %q, writes %d", out.LastStatus(), podWrites(h)-before)
	}
}

// The open detail pane shows the cursor row's user after a move, after a
// search with no match (nobody) and after a create (the new user).
func TestUsersDetailFollowsTheCursor(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 700, Rooms: 10})
	v, _ := newTestUsers(t, h, 120, 30)
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEnter))
	onCursor := func(when string) {
		t.Helper()
		r, ok := v.cursorRec()
		if !ok || v.detail.id != r.ID || v.detail.info == nil || v.detail.info.ID != r.ID {
			t.Fatalf("%s: pane on %d, cursor on %d", when, v.detail.id, r.ID)
		}
		viewtest.MustContain(t, when, v.View(), "id        "+strconv.FormatInt(r.ID, 10))
	}
	onCursor("opened")
	viewtest.Press(t, v, viewtest.RuneKey("j"))
	viewtest.Press(t, v, viewtest.RuneKey("j"))
	onCursor("after moving")

	viewtest.Drive(t, v, v.startSearch("zzqx-nobody"))
	if v.detail.id != 0 {
		t.Fatalf("a search with no match left the pane on %d", v.detail.id)
	}
	viewtest.MustContain(t, "no match", v.View(), "no user selected")
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEsc))
	onCursor("back to the list")

	out := viewtest.Press(t, v, viewtest.RuneKey("a"))
	form := out.Modals[0]
	for i, text := range []string{"ida.quist@example.com", "ida.quist", "Ida Quist"} {
		if i > 0 {
			form.Update(viewtest.TypeKey(tea.KeyTab))
		}
		for _, r := range text {
			form.Update(viewtest.RuneKey(string(r)))
		}
	}
	viewtest.ModalKeys(t, v, form, viewtest.TypeKey(tea.KeyEnter))
	onCursor("after create")
	viewtest.MustContain(t, "after create", v.View(), "Ida Quist")
}

// The status column keeps what the admin list said when a search shows the
// user (UserV2 has no status), says "—" when nothing said it, and is filled
// in once the details are read.
func TestUsersStatusSurvivesSearch(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 700, Rooms: 10})
	v, _ := newTestUsers(t, h, 120, 30)
	listed := plainLocalUser(t, h, 4)
	if err := h.Admin.UpdateUserStatus(h.Ctx(t), listed.UserSystemInfo.ID, pod.UserEnabled); err != nil {
		t.Fatal(err)
	}
	all, err := h.Admin.ListUsers(h.Ctx(t), 300, 300)
	if err != nil || len(all) == 0 {
		t.Fatalf("list from 300: %v", err)
	}
	var unseen pod.UserDetail
	for _, u := range all {
		if u.UserSystemInfo.Status == pod.UserEnabled && viewtest.IsPlain(u.UserAttributes.EmailAddress) {
			unseen = u
			break
		}
	}
	cell := func(id int64) string {
		t.Helper()
		cursorTo(t, v, id)
		row, _ := v.table.CursorRow()
		return row.Cells[userColStatus]
	}

	viewtest.Drive(t, v, v.startSearch(listed.UserAttributes.EmailAddress))
	if got := cell(listed.UserSystemInfo.ID); got != "enabled" {
		t.Fatalf("a listed user found by a search shows status %q", got)
	}
	viewtest.Drive(t, v, v.startSearch(unseen.UserAttributes.LastName))
	if got := cell(unseen.UserSystemInfo.ID); got != "—" && got != "enabled" {
		t.Fatalf("status of a user only a search returned: %q", got)
	}
	// A user no admin record described yet: a dash, then the details fill it.
	r := v.recs[unseen.UserSystemInfo.ID]
	r.Known, r.Status = false, ""
	v.recs[r.ID] = r
	v.updateRec(r)
	if got := cell(r.ID); got != "—" {
		t.Fatalf("unknown status shows %q, want —", got)
	}
	viewtest.Press(t, v, viewtest.TypeKey(tea.KeyEnter))
	if got := cell(r.ID); got != "enabled" {
		t.Fatalf("after the details, status %q", got)
	}
}

// The pod's search returns active users only; a query that is an email,
// a username or an id also finds a disabled user, who can then be enabled.
func TestUsersSearchFindsDisabledUsersByExactLookup(t *testing.T) {
	h := viewtest.New(t, emulator.Options{Users: 700, Rooms: 10})
	v, _ := newTestUsers(t, h, 120, 30)
	target := plainLocalUser(t, h, 5)
	id := target.UserSystemInfo.ID
	if err := h.Admin.UpdateUserStatus(h.Ctx(t), id, pod.UserDisabled); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{target.UserAttributes.EmailAddress, target.UserAttributes.UserName, strconv.FormatInt(id, 10)} {
		viewtest.Drive(t, v, v.startSearch(q))
		found := v.found.ShownIDs()
		if !slices.Contains(found, strconv.FormatInt(id, 10)) {
			t.Fatalf("searching %q does not find the disabled user: %v", q, found)
		}
		if n := len(found); int64(n) != v.count || len(slices.Compact(slices.Sorted(slices.Values(found)))) != n {
			t.Fatalf("searching %q: %d rows, count %d: %v", q, n, v.count, found)
		}
		cursorTo(t, v, id)
		if row, _ := v.table.CursorRow(); row.Cells[userColStatus] != "DISABLED" {
			t.Fatalf("searching %q: status cell %q", q, row.Cells[userColStatus])
		}
	}
	out := viewtest.Press(t, v, viewtest.RuneKey("R"))
	viewtest.ModalKeys(t, v, out.Modals[0], viewtest.RuneKey("y"))
	if st := podStatus(t, h, id); st != pod.UserEnabled {
		t.Fatalf("after enabling: %s", st)
	}
}

// An edit of Company reaches the pod and reads back.
func TestUsersEditCompanySticks(t *testing.T) {
	h := viewtest.New(t, viewtest.SmallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	target := plainLocalUser(t, h, 3)
	cursorTo(t, v, target.UserSystemInfo.ID)
	out := viewtest.Press(t, v, viewtest.RuneKey("e"))
	form := out.Modals[0]
	for range 4 { // display name, first, last, email, then company
		form.Update(viewtest.TypeKey(tea.KeyTab))
	}
	form.Update(viewtest.TypeKey(tea.KeyCtrlC))
	for _, r := range "Acme Desk" {
		form.Update(viewtest.RuneKey(string(r)))
	}
	out = viewtest.ModalKeys(t, v, form, viewtest.TypeKey(tea.KeyEnter), viewtest.TypeKey(tea.KeyEnter)) // submit, then Yes
	viewtest.MustContain(t, "status", out.LastStatus(), "updated company for ")
	d, err := h.Admin.UserDetail(h.Ctx(t), target.UserSystemInfo.ID)
	if err != nil || d.UserAttributes.CompanyName != "Acme Desk" {
		t.Fatalf("company on the pod: %q, %v", d.UserAttributes.CompanyName, err)
	}
	if r, _ := v.cursorRec(); r.Company != "Acme Desk" {
		t.Fatalf("row company %q", r.Company)
	}
}
