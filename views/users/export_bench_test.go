package users

import (
	"testing"

	"symtui/ui"
)

// What :export costs the event loop on a directory of 100,000 users: the
// rows shown, taken in Update (the file is written in the command, which
// is not run here).
func BenchmarkUsersExportSnapshot100k(b *testing.B) {
	v := benchUsers(b, 100_000)
	msg := ui.CommandMsg{Name: "export", Arg: b.TempDir() + "/users.csv"}
	b.ReportAllocs()
	for b.Loop() {
		if v.exportShown(msg) == nil {
			b.Fatal("no command")
		}
	}
}

// What :info costs on the same directory.
func BenchmarkUsersSummary100k(b *testing.B) {
	v := benchUsers(b, 100_000)
	b.ReportAllocs()
	for b.Loop() {
		if v.Summary() == "" {
			b.Fatal("no summary")
		}
	}
}
