package ui

import "testing"

// A frame of a 100,000-row table with every row marked and a filter
// hiding most of them: the hidden count is kept between frames, so the
// frame costs what an unmarked one does.
func BenchmarkTableViewHiddenMarks(b *testing.B) {
	for _, marked := range []bool{false, true} {
		name := "unmarked"
		if marked {
			name = "100000-marked"
		}
		b.Run(name, func(b *testing.B) {
			tb := peopleTable(b, 100000)
			if marked {
				press(tb, "ctrl+a")
			}
			tb.SetFilter("sales")
			_ = tb.View()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				press(tb, "j") // the cursor moves: a new frame
				_ = tb.View()
			}
		})
	}
}
