package users

import (
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"symtui/pod"
	"symtui/pod/emulator"
	"symtui/pod/presence"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

func benchCommon() *ui.Common {
	r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(termenv.Ascii))
	r.SetHasDarkBackground(true)
	c := ui.NewCommon(r, nil, false)
	c.Now = func() time.Time { return viewtest.Now }
	return c
}

var benchCompanies = []string{"Meridian Capital", "Globex", "Initech", "Northwind", "Umbrella"}
var benchTitles = []string{"FX Trader", "Sales Trader", "Risk Manager", "Quant Developer", "Operations"}

// benchPage is n users, with their presence.
func benchPage(n int) usersPage {
	p := usersPage{Users: make([]userRec, n)}
	for i := range p.Users {
		id := int64(13056700580000 + i)
		p.Users[i] = userRec{
			ID: id, Name: fmt.Sprintf("User %06d Lastname", i), Username: fmt.Sprintf("user%06d", i),
			Email: fmt.Sprintf("user%06d@meridiancapital.example", i), Company: benchCompanies[i%len(benchCompanies)],
			Title: benchTitles[i%len(benchTitles)], Status: pod.UserEnabled, Presence: pod.Categories[i%len(pod.Categories)],
		}
	}
	return p
}

// benchUsers is a Users tab at 120x40 holding n users, injected through
// its own result message (no network).
func benchUsers(b *testing.B, n int) *Tab {
	b.Helper()
	v := New(benchCommon(), tab.Deps{})
	v.SetSize(120, 40)
	feedList(v, benchPage(n))
	if v.table.Len() != n || !v.listDone {
		b.Fatalf("%d rows (done %v), want %d", v.table.Len(), v.listDone, n)
	}
	return v
}

// feedList loads all as the admin list, page by page, through the tab's
// own result messages (no network).
func feedList(v *Tab, all usersPage) {
	v.reload() // the commands it returns would reach the pod: not run
	for skip := 0; !v.listDone; skip += usersPageSize {
		page := usersPage{Skip: skip, Users: all.Users[min(skip, len(all.Users)):min(skip+usersPageSize, len(all.Users))]}
		v.Update(ui.Result[usersPage]{View: ViewID, Gen: v.listGen.Current(), Value: page})
	}
}

// One cursor move as the program runs it: Update with the key, then View.
// Twenty moves down, twenty up, so both sizes scroll the same way.
func BenchmarkUsersCursorMove(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("users=%d", n), func(b *testing.B) {
			v := benchUsers(b, n)
			down, up := viewtest.RuneKey("j"), viewtest.RuneKey("k")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := down
				if i%40 >= 20 {
					k = up
				}
				v.Update(k)
				_ = v.View()
			}
		})
	}
}

// One keystroke in the filter over 100,000 loaded users, as the program
// runs it: Update with the key, then View. The operator types "sales" and
// clears it (ctrl+c), again and again: each letter after the first narrows
// what is shown; the first and the clear go over every user.
func BenchmarkUsersLocalFilter(b *testing.B) {
	v := benchUsers(b, 100_000)
	v.Update(viewtest.RuneKey("/"))
	keys := []tea.KeyMsg{viewtest.RuneKey("s"), viewtest.RuneKey("a"), viewtest.RuneKey("l"), viewtest.RuneKey("e"),
		viewtest.RuneKey("s"), viewtest.TypeKey(tea.KeyCtrlC)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.Update(keys[i%len(keys)])
		_ = v.View()
	}
}

// The worst keystrokes: a first letter that every user matches (each is
// judged, and all are shown), then the clear, which shows them all again.
func BenchmarkUsersFilterFirstLetter(b *testing.B) {
	v := benchUsers(b, 100_000)
	v.Update(viewtest.RuneKey("/"))
	keys := []tea.KeyMsg{viewtest.RuneKey("e"), viewtest.TypeKey(tea.KeyCtrlC)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.Update(keys[i%len(keys)])
		_ = v.View()
	}
}

// Sorting 100,000 loaded users as the operator does it: s (the next
// column) or S (reverse), Update then View; each press sorts every row.
func BenchmarkUsersSort(b *testing.B) {
	v := benchUsers(b, 100_000)
	keys := []tea.KeyMsg{viewtest.RuneKey("s"), viewtest.RuneKey("S"), viewtest.RuneKey("s"), viewtest.RuneKey("u")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.Update(keys[i%len(keys)])
		_ = v.View()
	}
}

// The same rows and moves in bubbles/table, for comparison.
func BenchmarkUsersBubblesTableCursorMove(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("users=%d", n), func(b *testing.B) {
			p := benchPage(n)
			rows := make([]table.Row, n)
			for i, r := range p.Users {
				rows[i] = table.Row{r.Name, r.Username, r.Email, r.Company, r.Title, statusText(r), presenceText(r.Presence)}
			}
			cols := []table.Column{{Title: "Name", Width: 20}, {Title: "Username", Width: 12}, {Title: "Email", Width: 30},
				{Title: "Company", Width: 16}, {Title: "Title", Width: 14}, {Title: "Status", Width: 8}, {Title: "Presence", Width: 12}}
			t := table.New(table.WithColumns(cols), table.WithRows(rows), table.WithHeight(38), table.WithFocused(true))
			down, up := tea.KeyMsg{Type: tea.KeyDown}, tea.KeyMsg{Type: tea.KeyUp}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := down
				if i%40 >= 20 {
					k = up
				}
				t, _ = t.Update(k)
				_ = t.View()
			}
		})
	}
}

// A presence change reaching a 100,000-user list: one row re-rendered.
// The clock moves 10ms per change (100 changes a second), so highlights
// expire as they would in a live console.
func BenchmarkUsersPresenceChange(b *testing.B) {
	v := benchUsers(b, 100_000)
	v.after = func(time.Duration, func(time.Time) tea.Msg) tea.Cmd { return nil }
	v.synced = true
	now := viewtest.Now
	v.c.Now = func() time.Time { return now }
	ids := v.listIDs
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		now = now.Add(10 * time.Millisecond)
		id := ids[(i*7919)%len(ids)]
		v.Update(tab.PresenceChangedMsg{Complete: true, Changes: []presence.Change{{UserID: id, To: pod.Categories[i%len(pod.Categories)]}}})
		_ = v.View()
	}
}

// A frame of the Users tab with the detail pane open and nothing changed:
// the pane's lines come from its cache.
func BenchmarkUsersDetailIdleView(b *testing.B) {
	v := benchUsers(b, 1_000)
	v.detail.open, v.detail.id = true, v.recs[13056700580000].ID
	v.layout()
	_ = v.View()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = v.View()
	}
}

// The heap a loaded directory holds, per user: the records and their
// strings, the table's rows and their filter text, presence. Reported as a
// figure (B/user).
func BenchmarkUsersMemory(b *testing.B) {
	const n = 100_000
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		v := New(benchCommon(), tab.Deps{})
		v.SetSize(120, 40)
		feedList(v, benchPage(n)) // the page's slices go; the strings stay in the records
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(v)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/user")
	}
}

// The sort an operator starts with: s on an unsorted list of 100,000
// users sorts by name, then u clears it (both timed, Update then View).
func BenchmarkUsersSortByName(b *testing.B) {
	v := benchUsers(b, 100_000)
	keys := []tea.KeyMsg{viewtest.RuneKey("s"), viewtest.RuneKey("u")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v.Update(keys[i%len(keys)])
		_ = v.View()
	}
}

// The keys a frame offers: the root asks for them at every render (hints),
// so what the session may call is decided there, each frame.
func BenchmarkUsersKeyBindings(b *testing.B) {
	b.Run("service account", func(b *testing.B) {
		v := benchUsers(b, 1000)
		b.ReportAllocs()
		for b.Loop() {
			if len(v.KeyBindings()) == 0 {
				b.Fatal("no bindings")
			}
		}
	})
	b.Run("on behalf of a user", func(b *testing.B) {
		h, _ := asUser(b, emulator.Options{Users: 100, Rooms: 2})
		v := New(h.Common, h.Deps)
		v.SetSize(120, 40)
		b.ReportAllocs()
		for b.Loop() {
			if len(v.KeyBindings()) == 0 {
				b.Fatal("no bindings")
			}
		}
	})
}
