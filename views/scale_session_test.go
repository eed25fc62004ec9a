package views

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sessionFigures: the console's idle CPU and memory after a working
// session, not only fresh. The session loads what the memory figure
// loads (100,000 users, 20,000 rooms, a 5,000-member room open), then
// does what an operator does in a morning: exports every user as CSV,
// JSON and JSON lines, reads the audit trail of a day and of a week, the
// API log, a user's raw record, a pod search, makes a bulk change, and
// leaves the rooms of the console's own account open (thousands of rooms
// and IMs). What it keeps from that and what its collector does with the
// heap it holds decide what it costs when left alone. Each build measured
// gets an emulator of its own: the bulk change disables users.
func sessionFigures(t *testing.T) []figure {
	tm, dir, bin := processRig(t, "session")

	var figs []figure
	measure := func(bin, label string) {
		emu, _ := startEmulatorProcess(t, bin, dir, "session"+strconv.Itoa(len(figs)), "--users", "100000", "--rooms", "20000", "--big-rooms", "3")
		cpu, wakes, rss, note := tm.afterSession(bin, emu.config, dir)
		figs = append(figs,
			figure{name: "idle CPU after a working session, 60 s" + label, value: fmt.Sprintf("%.3f%%", cpu), bound: "<= 0.2%",
				over: cpu > 0.2, note: fmt.Sprintf("%.1f wakeups/s; %s", wakes, note)},
			figure{name: "  RSS after that session" + label, value: fmt.Sprintf("%d MB", rss>>20), bound: "<= 150 MB", over: rss > 150<<20})
	}
	measure(bin, "")
	if *scaleBaseline != "" {
		measure(*scaleBaseline, ", "+filepath.Base(*scaleBaseline))
	}
	return figs
}

// afterSession runs the session on the console bin against config, then
// measures 60 s of idle: the share of a core, wakeups, the resident set,
// and what the session did.
func (x *tmux) afterSession(bin, config, dir string) (cpu, wakes float64, rss int64, note string) {
	t := x.t
	pid := x.console(bin, config)
	defer x.quit()
	settle := func() { waitQuiet(t, pid, 3*time.Second, 5*time.Minute) }
	settle()
	x.keys("2") // Rooms, loaded whole
	settle()
	x.keys(":", "room All Hands 1", "Enter")
	if !x.waitPane(time.Minute, "5001 members", "5,001 members") {
		t.Errorf("the big room did not open:\n%s", x.pane())
	}
	settle()
	x.keys("1")
	exports := 0
	for _, ext := range []string{"csv", "json", "jsonl"} {
		path := filepath.Join(dir, "users."+ext)
		x.keys(":", "export! "+path, "Enter")
		settle()
		if fi, err := os.Stat(path); err != nil || fi.Size() < 1<<20 {
			t.Errorf("no export of every user in %s: %v\n%s", path, err, x.pane())
		} else {
			exports++
		}
	}
	for _, period := range []string{"", " 7d"} {
		x.keys(":", "audit"+period, "Enter")
		settle()
		x.keys("Escape")
	}
	x.keys(":", "log", "Enter")
	settle()
	x.keys("Escape")
	x.keys("y") // the raw record of the user under the cursor
	settle()
	x.keys("Escape")
	x.keys(":", "users priya", "Enter")
	settle()
	x.keys("Escape", "/", "priya l", "Enter", "C-a", "D")
	if !x.waitPane(20*time.Second, "Disable users") {
		t.Errorf("no confirm of the bulk change:\n%s", x.pane())
	}
	x.keys("y")
	settle()
	// The filter's line covers the status line: its messages say how
	// the change ended.
	x.keys("Escape", ":", "messages", "Enter")
	if !x.waitPane(time.Minute, "info    disabled ") {
		t.Errorf("the bulk change did not end:\n%s", x.pane())
	}
	x.keys("Escape", "Escape", "/", "symtui-bot", "Enter", "o")
	if !x.waitPane(5*time.Minute, "read in ") {
		t.Errorf("the rooms of the console's account were not read:\n%s", x.pane())
	}
	rooms := strings.Join(strings.Fields(strings.SplitN(x.pane()+"\n\n\n", "\n", 4)[2]), " ")
	settle()
	cpu, wakes = idleCPU(t, pid, 60*time.Second)
	rss, peak := memory(t, pid)
	return cpu, wakes, rss, fmt.Sprintf("%d exports of every user, :audit, :audit 7d, :log, y, :users, a bulk disable, o open (%s); peak %d MB; tabs: %s",
		exports, rooms, peak>>20, x.tabBar())
}
