package views

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/ui"
)

// cursorTo puts the cursor on the row of id.
func cursorTo(t *testing.T, v *Users, id int64) {
	t.Helper()
	if !v.table.SetCursor(strconv.FormatInt(id, 10)) {
		t.Fatalf("user %d is not shown", id)
	}
}

// markRows marks the rows of ids with the mark key, and leaves the cursor
// on another row.
func markRows(t *testing.T, v *Users, ids ...int64) {
	t.Helper()
	for _, id := range ids {
		cursorTo(t, v, id)
		press(t, v, runeKey(" "))
	}
	press(t, v, runeKey("G"))
}

func podStatus(t *testing.T, h *harness, id int64) string {
	t.Helper()
	st, err := h.Admin.UserStatus(h.ctx(t), id)
	if err != nil {
		t.Fatal(err)
	}
	return st.Status
}

// D with rows marked disables the marked users, not the cursor row: the
// confirm names each and counts them, and the status says what is going on
// while the change runs.
func TestUsersDisableActsOnMarkedRows(t *testing.T) {
	h := newHarness(t, smallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	a, b := plainLocalUser(t, h, 0), plainLocalUser(t, h, 1)
	ida, idb := a.UserSystemInfo.ID, b.UserSystemInfo.ID
	markRows(t, v, ida, idb)
	cursor, _ := v.cursorRec()

	out := press(t, v, runeKey("D"))
	if len(out.modals) != 1 {
		t.Fatalf("D should ask first; status %q", out.lastStatus())
	}
	dialog := out.modals[0].View()
	for _, want := range []string{"2 items", a.UserAttributes.DisplayName, b.UserAttributes.DisplayName} {
		mustContain(t, "the confirm", dialog, want)
	}
	if strings.Contains(dialog, cursor.Name) {
		t.Fatalf("the confirm names the cursor row %q:\n%s", cursor.Name, dialog)
	}
	out = modalKeys(t, v, out.modals[0], runeKey("y"))
	if len(out.status) < 2 || out.status[0].Text != "disabling 2 users…" || out.lastStatus() != "disabled 2 users" {
		t.Fatalf("statuses %+v", out.status)
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
	if err := h.Admin.UpdateUserStatus(h.ctx(t), ida, pod.UserEnabled); err != nil {
		t.Fatal(err)
	}
	drive(t, v, v.reload())
	markRows(t, v, ida, idb)
	out = press(t, v, runeKey("R"))
	if len(out.modals) != 1 {
		t.Fatalf("R should ask first; status %q", out.lastStatus())
	}
	mustContain(t, "the enable confirm", out.modals[0].View(), "1 already enabled left out")
	modalKeys(t, v, out.modals[0], runeKey("y"))
	if st := podStatus(t, h, idb); st != pod.UserEnabled {
		t.Fatalf("user %d is %s after enabling", idb, st)
	}
}

// One-user actions take the cursor row and say the marks were not used.
func TestUsersOneUserActionsSayMarksAreIgnored(t *testing.T) {
	h := newHarness(t, smallPod())
	v, copied := newTestUsers(t, h, 120, 30)
	markRows(t, v, plainLocalUser(t, h, 0).UserSystemInfo.ID)
	cursor, _ := v.cursorRec()
	out := press(t, v, runeKey("c"))
	if got := strings.Join(*copied, ","); got != strconv.FormatInt(cursor.ID, 10) {
		t.Fatalf("copied %q, want the cursor row's id %d", got, cursor.ID)
	}
	mustContain(t, "copy status", out.lastStatus(), "not the marked user")
	out = press(t, v, runeKey("e"))
	if len(out.modals) != 1 || !strings.Contains(out.modals[0].View(), cursor.Name) {
		t.Fatal("edit should open the cursor row's form")
	}
	mustContain(t, "edit status", out.lastStatus(), "not the marked user")
}

// + then enter neither grants anything at once nor lands on an
// administrator role: the first role offered is the least privileged, and
// a confirm (default No) follows.
func TestUsersAddRoleStartsLeastPrivilegedAndConfirms(t *testing.T) {
	h := newHarness(t, smallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	target := plainLocalUser(t, h, 1)
	id := target.UserSystemInfo.ID
	cursorTo(t, v, id)

	out := press(t, v, runeKey("+"))
	if len(out.modals) != 1 {
		t.Fatalf("+ should open the role picker; status %q", out.lastStatus())
	}
	out = modalKeys(t, v, out.modals[0], typeKey(tea.KeyEnter))
	if len(out.modals) != 1 {
		t.Fatalf("picking a role should ask first; status %q", out.lastStatus())
	}
	dialog := out.modals[0].View()
	mustContain(t, "the grant confirm", dialog, target.UserAttributes.DisplayName)
	for _, admin := range []string{"SUPER_ADMINISTRATOR", "Grant role ADMINISTRATOR"} {
		if strings.Contains(dialog, admin) {
			t.Fatalf("enter on the picker's first entry offers %s:\n%s", admin, dialog)
		}
	}
	out = modalKeys(t, v, out.modals[0], typeKey(tea.KeyEnter)) // the default is No
	if out.lastStatus() != "nothing changed" {
		t.Fatalf("status %q", out.lastStatus())
	}
	d, err := h.Admin.UserDetail(h.ctx(t), id)
	if err != nil || !slices.Equal(d.Roles, target.Roles) {
		t.Fatalf("roles %v (%v), want %v unchanged", d.Roles, err, target.Roles)
	}
}

// Roles added and removed on marked rows reach every marked user.
func TestUsersRolesOnMarkedRows(t *testing.T) {
	h := newHarness(t, smallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	ids := []int64{plainLocalUser(t, h, 0).UserSystemInfo.ID, plainLocalUser(t, h, 2).UserSystemInfo.ID}
	markRows(t, v, ids...)
	out := press(t, v, runeKey("+"))
	if len(out.modals) != 1 {
		t.Fatalf("+ should open the role picker; status %q", out.lastStatus())
	}
	picker := out.modals[0]
	mustContain(t, "picker", picker.View(), "2 users")
	for _, r := range "l1_support" {
		picker.Update(runeKey(string(r)))
	}
	out = modalKeys(t, v, picker, typeKey(tea.KeyEnter))
	if len(out.modals) != 1 {
		t.Fatal("no confirm")
	}
	mustContain(t, "confirm", out.modals[0].View(), "Grant role L1_SUPPORT")
	modalKeys(t, v, out.modals[0], runeKey("y"))
	for _, id := range ids {
		d, _ := h.Admin.UserDetail(h.ctx(t), id)
		if !slices.Contains(d.Roles, "L1_SUPPORT") {
			t.Fatalf("user %d roles %v", id, d.Roles)
		}
	}

	markRows(t, v, ids...)
	out = press(t, v, runeKey("-"))
	if len(out.modals) != 1 {
		t.Fatalf("- should open the role picker; status %q", out.lastStatus())
	}
	picker = out.modals[0]
	for _, r := range "l1_support" {
		picker.Update(runeKey(string(r)))
	}
	out = modalKeys(t, v, picker, typeKey(tea.KeyEnter))
	mustContain(t, "confirm", out.modals[0].View(), "Remove role L1_SUPPORT from users: 2 items")
	modalKeys(t, v, out.modals[0], runeKey("y"))
	for _, id := range ids {
		d, _ := h.Admin.UserDetail(h.ctx(t), id)
		if slices.Contains(d.Roles, "L1_SUPPORT") {
			t.Fatalf("user %d still has L1_SUPPORT: %v", id, d.Roles)
		}
	}
}

// The console refuses to disable or suspend the account it signs in as,
// alone or among marked rows, and sends nothing.
func TestUsersRefusesToLockItselfOut(t *testing.T) {
	h := newHarness(t, smallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	if v.selfID == 0 {
		t.Fatal("the tab should learn who it signs in as")
	}
	before := podWrites(h)
	other := plainLocalUser(t, h, 0).UserSystemInfo.ID

	cursorTo(t, v, v.selfID)
	for _, k := range []string{"D", "Z"} {
		out := press(t, v, runeKey(k))
		if len(out.modals) != 0 || len(out.status) != 1 || out.status[0].Level != ui.LevelError ||
			!strings.Contains(out.lastStatus(), "signs in as") {
			t.Fatalf("%s on the console's own row: modals %d, status %+v", k, len(out.modals), out.status)
		}
	}
	markRows(t, v, other, v.selfID)
	if out := press(t, v, runeKey("D")); len(out.modals) != 0 || !strings.Contains(out.lastStatus(), "signs in as") {
		t.Fatalf("D with the console's own row marked: %+v", out.status)
	}
	if podWrites(h) != before {
		t.Fatal("a refused change reached the pod")
	}

	// Confirmed before the tab knew who it is: the command checks first.
	p := userOpPayload{Op: opDisableUser, IDs: []int64{v.selfID}, Labels: []string{"self"}}
	out := drive(t, v, v.runOp(p))
	if !strings.Contains(out.lastStatus(), "signs in as") || podWrites(h) != before {
		t.Fatalf("status %q, writes %d", out.lastStatus(), podWrites(h)-before)
	}
}

// The open detail pane shows the cursor row's user after a move, after a
// search with no match (nobody) and after a create (the new user).
func TestUsersDetailFollowsTheCursor(t *testing.T) {
	h := newHarness(t, emulator.Options{Users: 700, Rooms: 10})
	v, _ := newTestUsers(t, h, 120, 30)
	press(t, v, typeKey(tea.KeyEnter))
	onCursor := func(when string) {
		t.Helper()
		r, ok := v.cursorRec()
		if !ok || v.detail.id != r.ID || v.detail.info == nil || v.detail.info.ID != r.ID {
			t.Fatalf("%s: pane on %d, cursor on %d", when, v.detail.id, r.ID)
		}
		mustContain(t, when, v.View(), "id        "+strconv.FormatInt(r.ID, 10))
	}
	onCursor("opened")
	press(t, v, runeKey("j"))
	press(t, v, runeKey("j"))
	onCursor("after moving")

	drive(t, v, v.startSearch("zzqx-nobody", 0))
	if v.detail.id != 0 {
		t.Fatalf("a search with no match left the pane on %d", v.detail.id)
	}
	mustContain(t, "no match", v.View(), "no user selected")
	press(t, v, typeKey(tea.KeyEsc))
	onCursor("back to the list")

	out := press(t, v, runeKey("a"))
	form := out.modals[0]
	for i, text := range []string{"ida.quist@example.com", "ida.quist", "Ida Quist"} {
		if i > 0 {
			form.Update(typeKey(tea.KeyTab))
		}
		for _, r := range text {
			form.Update(runeKey(string(r)))
		}
	}
	modalKeys(t, v, form, typeKey(tea.KeyEnter))
	onCursor("after create")
	mustContain(t, "after create", v.View(), "Ida Quist")
}

// The status column keeps what the admin list said when a search shows the
// user (UserV2 has no status), says "—" when nothing said it, and is filled
// in once the details are read.
func TestUsersStatusSurvivesSearch(t *testing.T) {
	h := newHarness(t, emulator.Options{Users: 700, Rooms: 10})
	v, _ := newTestUsers(t, h, 120, 30)
	listed := plainLocalUser(t, h, 4)
	if err := h.Admin.UpdateUserStatus(h.ctx(t), listed.UserSystemInfo.ID, pod.UserEnabled); err != nil {
		t.Fatal(err)
	}
	all, err := h.Admin.ListUsers(h.ctx(t), usersPageSize, 500)
	if err != nil || len(all) == 0 {
		t.Fatalf("second page: %v", err)
	}
	var unseen pod.UserDetail
	for _, u := range all {
		if u.UserSystemInfo.Status == pod.UserEnabled && isPlain(u.UserAttributes.EmailAddress) {
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

	drive(t, v, v.startSearch(listed.UserAttributes.EmailAddress, 0))
	if got := cell(listed.UserSystemInfo.ID); got != "enabled" {
		t.Fatalf("a listed user found by a search shows status %q", got)
	}
	drive(t, v, v.startSearch(unseen.UserAttributes.LastName, 0))
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
	press(t, v, typeKey(tea.KeyEnter))
	if got := cell(r.ID); got != "enabled" {
		t.Fatalf("after the details, status %q", got)
	}
}

// The pod's search returns active users only; a query that is an email,
// a username or an id also finds a disabled user, who can then be enabled.
func TestUsersSearchFindsDisabledUsersByExactLookup(t *testing.T) {
	h := newHarness(t, emulator.Options{Users: 700, Rooms: 10})
	v, _ := newTestUsers(t, h, 120, 30)
	target := plainLocalUser(t, h, 5)
	id := target.UserSystemInfo.ID
	if err := h.Admin.UpdateUserStatus(h.ctx(t), id, pod.UserDisabled); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{target.UserAttributes.EmailAddress, target.UserAttributes.UserName, strconv.FormatInt(id, 10)} {
		drive(t, v, v.startSearch(q, 0))
		if !slices.Contains(v.found, id) {
			t.Fatalf("searching %q does not find the disabled user: %v", q, v.found)
		}
		if n := len(v.found); int64(n) != v.count || len(slices.Compact(slices.Sorted(slices.Values(v.found)))) != n {
			t.Fatalf("searching %q: %d rows, count %d: %v", q, n, v.count, v.found)
		}
		cursorTo(t, v, id)
		if row, _ := v.table.CursorRow(); row.Cells[userColStatus] != "DISABLED" {
			t.Fatalf("searching %q: status cell %q", q, row.Cells[userColStatus])
		}
	}
	out := press(t, v, runeKey("R"))
	modalKeys(t, v, out.modals[0], runeKey("y"))
	if st := podStatus(t, h, id); st != pod.UserEnabled {
		t.Fatalf("after enabling: %s", st)
	}
}

// An edit of Company reaches the pod and reads back.
func TestUsersEditCompanySticks(t *testing.T) {
	h := newHarness(t, smallPod())
	v, _ := newTestUsers(t, h, 120, 30)
	target := plainLocalUser(t, h, 3)
	cursorTo(t, v, target.UserSystemInfo.ID)
	out := press(t, v, runeKey("e"))
	form := out.modals[0]
	for range 4 { // display name, first, last, email, then company
		form.Update(typeKey(tea.KeyTab))
	}
	form.Update(typeKey(tea.KeyCtrlC))
	for _, r := range "Acme Desk" {
		form.Update(runeKey(string(r)))
	}
	out = modalKeys(t, v, form, typeKey(tea.KeyEnter), typeKey(tea.KeyEnter)) // submit, then Yes
	mustContain(t, "status", out.lastStatus(), "updated company for ")
	d, err := h.Admin.UserDetail(h.ctx(t), target.UserSystemInfo.ID)
	if err != nil || d.UserAttributes.CompanyName != "Acme Desk" {
		t.Fatalf("company on the pod: %q, %v", d.UserAttributes.CompanyName, err)
	}
	if r, _ := v.cursorRec(); r.Company != "Acme Desk" {
		t.Fatalf("row company %q", r.Company)
	}
}
