package pod

import (
	"encoding/json"
	"reflect"
	"testing"
)

// An audit entry keeps the attributes its action adds, exactly as sent,
// and writes them back after the named ones.
func TestAuditEntryKeepsActionAttributes(t *testing.T) {
	in := `{"action":"roomMemberAdded","actionName":"Room member added","timestamp":"1700000000000",` +
		`"initiatorId":"7","streamId":"a\u202eb","affectedUserId":"71","count":3,"nested":{"x":[1,"\u001b[2J"]}}`
	var e AuditEntry
	if err := json.Unmarshal([]byte(in), &e); err != nil {
		t.Fatal(err)
	}
	if e.Action != "roomMemberAdded" || e.InitiatorID != "7" || len(e.Details) != 4 {
		t.Fatalf("decoded %+v", e)
	}
	if e.Detail("streamId") != "a\u202eb" || e.Detail("affectedUserId") != "71" || e.Detail("count") != "3" || e.Detail("absent") != "" {
		t.Errorf("details: streamId %q, affectedUserId %q, count %q", e.Detail("streamId"), e.Detail("affectedUserId"), e.Detail("count"))
	}
	out, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var want, got map[string]any
	if err := json.Unmarshal([]byte(in), &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("re-encoded entry is not JSON: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the entry:\n in  %s\n out %s", in, out)
	}

	var plain AuditEntry
	if err := json.Unmarshal([]byte(`{"action":"x"}`), &plain); err != nil || plain.Details != nil {
		t.Errorf("an entry without extra attributes: %+v, %v", plain, err)
	}
	if b, _ := json.Marshal(plain); string(b) != `{"action":"x"}` {
		t.Errorf("re-encoded as %s", b)
	}
}
