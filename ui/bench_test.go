package ui

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"
)

var benchSizes = []int{1_000, 100_000}

// BenchmarkTableCursorMove is one key press as the program pays for it:
// Update (cursor down) then View, on a 120x40 table.
func BenchmarkTableCursorMove(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			tb := peopleTable(b, n)
			tb.SetSize(120, 40)
			down, top := keyMsg("down"), keyMsg("home")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if tb.cursor == len(tb.view)-1 {
					tb.Update(top)
				}
				tb.Update(down)
				_ = tb.View()
			}
		})
	}
}

// BenchmarkBubblesTableCursorMove is the same work in bubbles/table, for
// comparison.
func BenchmarkBubblesTableCursorMove(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			rows := make([]table.Row, n)
			for i, r := range peopleRows(n) {
				rows[i] = table.Row(r.Cells)
			}
			t := table.New(
				table.WithColumns([]table.Column{{Title: "NAME", Width: 40}, {Title: "EMAIL", Width: 40}, {Title: "DEPT", Width: 12}, {Title: "ID", Width: 12}}),
				table.WithRows(rows), table.WithHeight(38), table.WithFocused(true))
			down := keyMsg("down")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if t.Cursor() == n-1 {
					t.GotoTop()
				}
				t, _ = t.Update(down)
				_ = t.View()
			}
		})
	}
}

// BenchmarkTableFilter applies a filter that is not a refinement of the
// previous one, so every row is scanned, then renders.
func BenchmarkTableFilter(b *testing.B) {
	tb := peopleTable(b, 100_000)
	tb.SetSize(120, 40)
	filters := []string{"sales", "u4", "ops", "user 09"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tb.SetFilter(filters[i%len(filters)])
		_ = tb.View()
	}
}

// BenchmarkTableFilterTyping is one typed character that narrows the
// filter (only the current matches are scanned).
func BenchmarkTableFilterTyping(b *testing.B) {
	tb := peopleTable(b, 100_000)
	tb.SetSize(120, 40)
	tb.Update(keyMsg("/"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		tb.SetFilter("u")
		b.StartTimer()
		tb.Update(keyMsg("s"))
		_ = tb.View()
	}
}

// BenchmarkRootKey is a key through the whole frame: routing, the active
// view's table (100,000 rows), and the full View; with the mouse on, the
// frame's zone markers are taken out as well.
func BenchmarkRootKey(b *testing.B) {
	b.Run("mouse=off", func(b *testing.B) { benchRootKey(b, false) })
	b.Run("mouse=on", func(b *testing.B) { benchRootKey(b, true) })
}

func benchRootKey(b *testing.B, mouse bool) {
	c := testCommon(b)
	if mouse {
		c.EnableMouse()
	}
	v := newListView(c, "users", "Users")
	names := make([]string, 100_000)
	for i := range names {
		names[i] = fmt.Sprintf("user %06d", i)
	}
	v.names = names
	m := New(c, v, newListView(c, "rooms", "Rooms"))
	drive(b, m, tea.WindowSizeMsg{Width: 160, Height: 50}, tea.BatchMsg{m.Init()})
	down, top := keyMsg("j"), keyMsg("g")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if v.table.cursor == len(v.table.view)-1 {
			m.Update(top)
		}
		m.Update(down)
		_ = m.View()
	}
}

func BenchmarkSanitize(b *testing.B) {
	for name, s := range map[string]string{
		"ascii":   "Alice Example (Operations, EMEA) alice@example.com",
		"unicode": "Zoë Ōkubo — 東京 オペレーション 🚀",
		"hostile": "evil\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\u202ename\r",
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_ = Sanitize(s)
			}
		})
	}
}

// BenchmarkTableSort sorts 100,000 rows by a text column (alternating
// columns, so each sort starts from another order), then renders.
func BenchmarkTableSort(b *testing.B) {
	tb := peopleTable(b, 100_000)
	tb.SetSize(120, 40)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tb.SortBy(i%2, i%4 >= 2)
		_ = tb.View()
	}
}

// BenchmarkTableSortNames sorts 100,000 rows of names as a directory has
// them: a hundred first names and ninety last names, so thousands of rows
// share their first bytes and about ten each share a whole name; in no
// order.
func BenchmarkTableSortNames(b *testing.B) {
	first := []string{"Christopher", "Christina", "Alexander", "Alexandra", "Mary", "José", "Łukasz", "Wei", "Jennifer", "Jean"}
	last := []string{"Smith", "Johnson", "Van der Berg", "O'Brien", "Schröder", "Ó Súilleabháin", "Kowalski", "Nguyen", "Lee"}
	rows := peopleRows(100_000)
	for i := range rows {
		j := (i * 7919) % len(rows)
		rows[i].Cells[0] = fmt.Sprintf("%s%c %s%c", first[j%10], 'a'+j/10%10, last[j/100%9], 'a'+j/900%10)
	}
	tb := NewTable(testCommon(b), Column{Title: "NAME"}, Column{Title: "EMAIL"}, Column{Title: "DEPT"}, Column{Title: "ID", Numeric: true})
	tb.SetSize(120, 40)
	tb.SetRows(rows)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tb.SortBy(i%2, false) // another column each time: its keys are built again
		_ = tb.View()
	}
}

// BenchmarkTableAppendSorted is one page of 1,000 rows arriving in a
// sorted, filtered table of 100,000.
func BenchmarkTableAppendSorted(b *testing.B) {
	rows := peopleRows(101_000)
	for i := range rows {
		rows[i].Cells[0] = fmt.Sprintf("user %07d", (i*7919)%101_000) // pages do not arrive in name order
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		tb := NewTable(testCommon(b), Column{Title: "NAME"}, Column{Title: "EMAIL"}, Column{Title: "DEPT"}, Column{Title: "ID", Numeric: true})
		tb.SetSize(120, 40)
		tb.SetRows(rows[:100_000])
		tb.SortBy(0, false)
		tb.SetFilter("user")
		b.StartTimer()
		tb.AppendRows(rows[100_000:])
		_ = tb.View()
	}
}
