package rooms

import (
	"testing"

	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

// The members sub-view registers presence interest for the external members
// of the room it lists, and for nobody in a room of the pod's own users.
func TestMembersRegisterPresenceInterestForExternalMembers(t *testing.T) {
	h, tr := viewtest.NewTracked(t)
	local := plainUsers(t, h, 2)
	ext := viewtest.ExternalUsers(t, h, 2)
	localRoom := makeRoom(t, h, "Interest Local", local...)
	mixedRoom := makeRoom(t, h, "Interest Mixed", local[0], ext[0], ext[1])

	v := New(h.Common, h.Deps)
	v.SetSize(120, 40)
	viewtest.Drive(t, v, v.Init())
	if v.selfID == 0 {
		t.Fatal("the caller is not known")
	}
	viewtest.Drive(t, v, v.openMembers(roomsFixture(localRoom, "Interest Local", true)))
	if len(v.members.list) != 3 {
		t.Fatalf("local room: %d members listed", len(v.members.list))
	}
	viewtest.SettleTracker(t, tr)
	if n := viewtest.Registrations(h); n != 0 {
		t.Fatalf("a room of the pod's own users led to %d registrations", n)
	}

	viewtest.Drive(t, v, v.openMembers(roomsFixture(mixedRoom, "Interest Mixed", true)))
	if len(v.members.list) != 4 {
		t.Fatalf("mixed room: %d members listed", len(v.members.list))
	}
	viewtest.RegisteredWithin(t, h, tr, ext[0].ID, ext[1].ID)
	if n := viewtest.Registrations(h); n != 1 {
		t.Errorf("%d registrations; want 1", n)
	}
	for _, u := range local {
		if tr.Registered(u.ID) {
			t.Errorf("the pod's own user %d was registered", u.ID)
		}
	}
}

// Members listed before the caller is known are registered once it is.
func TestMembersRegisterPresenceInterestWhenTheCallerIsKnown(t *testing.T) {
	h, tr := viewtest.NewTracked(t)
	ext := viewtest.ExternalUsers(t, h, 1)
	room := makeRoom(t, h, "Interest Late", ext...)

	v := New(h.Common, h.Deps)
	v.SetSize(120, 40)
	viewtest.Drive(t, v, v.openMembers(roomsFixture(room, "Interest Late", true)))
	viewtest.SettleTracker(t, tr)
	if n := viewtest.Registrations(h); n != 0 || v.selfID != 0 {
		t.Fatalf("%d registrations with the caller unknown (%d)", n, v.selfID)
	}
	viewtest.Drive(t, v, tab.LoadSelf(ViewID, h.Deps))
	viewtest.RegisteredWithin(t, h, tr, ext[0].ID)
}
