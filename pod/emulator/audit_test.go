package emulator

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestAuditTrailRecordsAndPages(t *testing.T) {
	c := newRoomsCast(t)
	p := c.p
	start := p.e.now().UnixMilli()
	auditor := p.addUser("auditor", false, "COMPLIANCE_OFFICER")
	id := c.createRoom(map[string]any{"name": "Audited"}).RoomSystemInfo.ID // owner adds member: 1 event
	p.clock.Advance(time.Second)
	p.expect(200, "POST", "/pod/v1/admin/room/"+id+"/membership/add", c.admin, map[string]any{"id": c.other.ID}, nil)
	p.expect(200, "POST", "/pod/v1/room/"+id+"/membership/promoteOwner", c.owner, map[string]any{"id": c.other.ID}, nil)
	p.expect(200, "POST", "/pod/v1/room/"+id+"/setActive?active=false", c.owner, nil, nil)
	p.expect(200, "POST", "/pod/v3/user/presence", c.admin, map[string]any{"userId": c.member.ID, "category": "AWAY"}, nil)

	trail := "/agent/v1/audittrail/privilegeduser"
	q := fmt.Sprintf("?startTimestamp=%d", start)
	var all auditList
	p.expect(200, "GET", trail+q, auditor, nil, &all)
	var actions []string
	for _, it := range all.Items {
		actions = append(actions, it["action"])
	}
	want := "roomMemberAdded,roomMemberAdded,roomOwnerPromoted,roomDeactivated,userPresenceSet"
	if strings.Join(actions, ",") != want {
		t.Fatalf("actions = %v, want %s", actions, want)
	}
	first := all.Items[0]
	if first["initiatorId"] != fmt.Sprint(c.owner.ID) || first["initiatorUsername"] != "owner" || first["initiatorEmailAddress"] != "owner@example.test" ||
		first["actionName"] != "Room member added" || first["streamId"] != id || first["timestamp"] == "" {
		t.Fatalf("first item = %v", first)
	}
	if all.Pagination.Next != "" || all.Pagination.Cursors.Before == "" {
		t.Fatalf("single page pagination = %+v", all.Pagination)
	}

	// page two at a time following next
	var seen []string
	next := trail + q + "&limit=2"
	for pages := 0; next != ""; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		var pg auditList
		p.expect(200, "GET", strings.TrimPrefix(next, p.e.URL), auditor, nil, &pg)
		for _, it := range pg.Items {
			seen = append(seen, it["action"])
		}
		next = pg.Pagination.Next
		if next != "" {
			u, err := url.Parse(next)
			if err != nil || u.Query().Get("after") != pg.Pagination.Cursors.After {
				t.Fatalf("next %q does not carry the after cursor %q", next, pg.Pagination.Cursors.After)
			}
		}
	}
	if strings.Join(seen, ",") != want {
		t.Fatalf("paged actions = %v", seen)
	}

	// filters
	var byAdmin auditList
	p.expect(200, "GET", trail+q+fmt.Sprintf("&initiatorId=%d", c.admin.ID), auditor, nil, &byAdmin)
	if len(byAdmin.Items) != 2 {
		t.Fatalf("initiatorId filter = %v", byAdmin.Items)
	}
	p.expect(200, "GET", trail+q+"&role=ADMINISTRATOR", auditor, nil, &byAdmin)
	if len(byAdmin.Items) != 2 {
		t.Fatalf("role filter = %v", byAdmin.Items)
	}
	p.expect(204, "GET", trail+q+"&role=L1_SUPPORT", auditor, nil, nil)
	p.expect(204, "GET", fmt.Sprintf("%s?startTimestamp=%d&endTimestamp=%d", trail, start, start-1), auditor, nil, nil)
	p.expect(400, "GET", trail, auditor, nil, nil)
	p.expect(400, "GET", trail+q+"&limit=501", auditor, nil, nil)
	p.expect(400, "GET", trail+q+"&after=%21%21", auditor, nil, nil)
	p.expect(403, "GET", trail+q, c.outsider, nil, nil)
	p.expect(401, "GET", trail+q, testUser{}, nil, nil)
}

func TestAuditTrailBeforeCursor(t *testing.T) {
	p := newRoomsPod(t, Options{})
	admin := p.addUser("admin", false, "SUPER_ADMINISTRATOR")
	p.e.mu.Lock()
	for i := 0; i < 5; i++ {
		p.e.recordAudit(admin.u, "testAction", fmt.Sprint(i), nil)
	}
	p.e.mu.Unlock()
	base := "/agent/v1/audittrail/privilegeduser?startTimestamp=0&limit=2"
	var pg auditList
	p.expect(200, "GET", base+"&before="+auditCursor(int64(len(p.e.st.audit))), admin, nil, &pg)
	if len(pg.Items) != 2 || pg.Items[1]["targetId"] != "3" || pg.Pagination.Previous == "" || pg.Pagination.Next == "" {
		t.Fatalf("before page = %+v", pg)
	}
}
