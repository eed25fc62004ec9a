package pod

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// presencePageJSON is a full page of the pod's all-users presence answer.
func presencePageJSON(n int) []byte {
	var b strings.Builder
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"category":"AVAILABLE","userId":%d,"timestamp":%d}`, 13056700580000+int64(i), 1700000000000+int64(i))
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// BenchmarkDecodePresencePage decodes a full page (5,000 records) the way
// PresencePage and ReadPresenceFeed do.
func BenchmarkDecodePresencePage(b *testing.B) {
	page := presencePageJSON(presencePageSize)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		var l presenceList
		if err := decodeAnswer(page, &l); err != nil || len(l.items) != presencePageSize {
			b.Fatal(len(l.items), err)
		}
	}
}

// BenchmarkDecodePresencePagePlain is the standard decoder alone on the
// same page: what BenchmarkDecodePresencePage costs beyond it is the
// price of decoding quoted numbers and skipping broken records.
func BenchmarkDecodePresencePagePlain(b *testing.B) {
	page := presencePageJSON(presencePageSize)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		var l []plainPresence
		if err := json.Unmarshal(page, &l); err != nil || len(l) != presencePageSize {
			b.Fatal(len(l), err)
		}
	}
}
