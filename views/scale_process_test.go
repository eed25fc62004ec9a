package views

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"symtui/pod"
	"symtui/session"
	"symtui/ui"
)

// The figures of the real process: the console built as `make build`
// builds it, against emulators in processes of their own, in tmux (idle
// CPU and memory, from /proc) and in a terminal of the benchmark's own
// (keystroke to frame).

// scaleBaseline is another build of the console to measure beside this
// one: keystroke to frame and idle CPU.
var scaleBaseline = flag.String("scale-baseline", "", "with -scale: another symtui binary to measure beside this one (keystroke to frame, idle CPU)")

func processFigures(t *testing.T) []figure {
	tm, dir, bin := processRig(t, "bench")

	var figs []figure
	// The emulator at scale: start, and a list page far in.
	big, bigStart := startEmulatorProcess(t, bin, dir, "big", "--users", "100000", "--rooms", "20000", "--big-rooms", "3")
	small, _ := startEmulatorProcess(t, bin, dir, "small", "--users", "2000")
	bigUsers, bigRooms := listPageTimes(t, big)
	smallUsers, smallRooms := listPageTimes(t, small)
	alike := func(big, small time.Duration) bool { return big > 2*small+2*time.Millisecond }
	figs = append(figs,
		figure{name: "emulator start, 100,000 users, 20,000 rooms, 3 of 5,000", value: secs(bigStart), bound: "a few s", over: bigStart > 5*time.Second},
		figure{name: "  users list page of 1,000 there / at 2,000 users", value: fmt.Sprintf("%s / %s", ms(bigUsers), ms(smallUsers)), bound: "alike",
			over: alike(bigUsers, smallUsers), note: "median over the whole list, decoding included"},
		figure{name: "  room search page of 100 there / at 300 rooms", value: fmt.Sprintf("%s / %s", ms(bigRooms), ms(smallRooms)), bound: "alike",
			over: alike(bigRooms, smallRooms), note: "median over every room"})

	// The full load as the operator waits for it: the console and the
	// emulator in processes of their own, 50 ms a request.
	slow, _ := startEmulatorProcess(t, bin, dir, "slow", "--users", "100000", "--latency", "50ms")
	local := localUsers(t, slow)
	took, cpu := terminalLoad(t, bin, slow.config, local)
	figs = append(figs, figure{name: "full load on the terminal, 100,000 users + presence, 50 ms/request", value: secs(took), bound: "<= 3 s",
		over: took > 3*time.Second, note: fmt.Sprintf("console and emulator processes, from the console's start, login included, until the tab says %s users; the console used %s of CPU",
			ui.Thousands(local), secs(cpu))})

	for _, e := range []struct {
		name string
		emu  *emulatorProcess
	}{{"2,000", small}, {"100,000", big}} {
		pid := tm.console(bin, e.emu.config)
		waitQuiet(t, pid, 2*time.Second, 3*time.Minute)
		cpu, wakes := idleCPU(t, pid, 60*time.Second)
		figs = append(figs, figure{name: "idle CPU, 60 s, presence every 5 s, " + e.name + " users", value: fmt.Sprintf("%.3f%%", cpu),
			bound: "<= 0.2%", over: cpu > 0.2, note: fmt.Sprintf("%.1f wakeups/s", wakes)})
		tm.quit()
	}

	// Memory: the Users and Rooms tabs as they load, and a 5,000-member room open.
	rss, note := tm.memoryLoaded(bin, big.config)
	figs = append(figs, figure{name: "RSS, 100,000 users, 20,000 rooms, a 5,000-member room", value: fmt.Sprintf("%d MB", rss>>20),
		bound: "<= 150 MB", over: rss > 150<<20, note: note})

	// Keystroke to frame, on a terminal of our own.
	lat := keyLatency(t, bin, big.config, nil, cursorKeys(60))
	figs = append(figs, figure{name: "keystroke to frame on the terminal (j), 100,000 users", value: ms(lat.median()), bound: "",
		note: fmt.Sprintf("median of 60, p95 %s, max %s", ms(lat.quantile(0.95)), ms(lat.max()))})
	sortCol, sortWorst, sorts := terminalSorts(t, bin, big.config)
	figs = append(figs, figure{name: "sort keystroke to frame on the terminal (s), 100,000 users", value: ms(sortWorst), bound: "<= 50 ms",
		over: sortWorst > 50*time.Millisecond,
		note: fmt.Sprintf("by %s, the slowest column (median of 3); every column: median %s, max %s; Rooms and a 5,000-member room loaded too, under the memory limit",
			sortCol, ms(sorts.median()), ms(sorts.max()))})
	if *scaleBaseline != "" {
		lat := keyLatency(t, *scaleBaseline, big.config, nil, cursorKeys(60))
		figs = append(figs, figure{name: "  the same, " + filepath.Base(*scaleBaseline), value: ms(lat.median()), bound: "",
			note: fmt.Sprintf("median of 60, p95 %s, max %s", ms(lat.quantile(0.95)), ms(lat.max()))})
		pid := tm.console(*scaleBaseline, small.config)
		waitQuiet(t, pid, 2*time.Second, 3*time.Minute)
		cpu, wakes := idleCPU(t, pid, 60*time.Second)
		figs = append(figs, figure{name: "  idle CPU, 2,000 users, " + filepath.Base(*scaleBaseline), value: fmt.Sprintf("%.3f%%", cpu), bound: "",
			note: fmt.Sprintf("%.1f wakeups/s", wakes)})
		tm.quit()
		rss, note := tm.memoryLoaded(*scaleBaseline, big.config)
		figs = append(figs, figure{name: "  RSS, the same load, " + filepath.Base(*scaleBaseline), value: fmt.Sprintf("%d MB", rss>>20), bound: "", note: note})
	}
	return figs
}

// processRig is what the figures of real processes share: the console
// built as `make build` builds it, in dir, and a private tmux server
// named after name.
func processRig(t *testing.T, name string) (tm *tmux, dir, bin string) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is not installed: the idle and memory figures need it")
	}
	dir = t.TempDir()
	bin = filepath.Join(dir, "symtui")
	build := exec.Command("go", "build", "-o", bin, "symtui")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tm = &tmux{t: t, socket: fmt.Sprintf("symtui-%s-%d", name, os.Getpid())}
	t.Cleanup(tm.killServer)
	return tm, dir, bin
}

// memoryLoaded runs the console on config until the Users and Rooms tabs
// loaded and a 5,000-member room is open, and returns its resident set
// and what it showed.
func (x *tmux) memoryLoaded(bin, config string) (int64, string) {
	t := x.t
	pid := x.console(bin, config)
	defer x.quit()
	waitQuiet(t, pid, 3*time.Second, 5*time.Minute)
	x.keys("2")
	waitQuiet(t, pid, 3*time.Second, 5*time.Minute)
	x.keys(":", "room All Hands 1", "Enter")
	if !x.waitPane(time.Minute, "5001 members", "5,001 members") {
		t.Errorf("the big room did not open:\n%s", x.pane())
	}
	waitQuiet(t, pid, 3*time.Second, 5*time.Minute)
	rss, peak := memory(t, pid)
	return rss, fmt.Sprintf("peak %d MB; tabs: %s", peak>>20, x.tabBar())
}

// emulatorProcess is `symtui emulator` running in a process of its own.
type emulatorProcess struct {
	config string
}

func startEmulatorProcess(t *testing.T, bin, dir, name string, args ...string) (*emulatorProcess, time.Duration) {
	t.Helper()
	cfgDir := filepath.Join(dir, "emu-"+name)
	args = append([]string{"emulator", "--addr", "127.0.0.1:0", "--churn", "0", "--write-config", cfgDir}, args...)
	cmd := exec.Command(bin, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "press Ctrl-C") {
			took := time.Since(start)
			go func() { _, _ = bufio.NewReader(out).WriteTo(discardWriter{}) }()
			return &emulatorProcess{config: filepath.Join(cfgDir, "config.yaml")}, took
		}
	}
	t.Fatalf("emulator %s did not start", name)
	return nil, 0
}

type discardWriter struct{}

func (discardWriter) Write(p []byte) (int, error) { return len(p), nil }

// listPageTimes walks the users list and the room search of an emulator
// to their ends and returns the median page time of each.
func listPageTimes(t *testing.T, e *emulatorProcess) (users, rooms time.Duration) {
	t.Helper()
	var userPages, roomPages durations
	c, done := emulatorClient(t, e, func(ri pod.RequestInfo) {
		switch ri.Route {
		case "/pod/v2/admin/user/list":
			userPages = append(userPages, ri.Latency)
		case "/pod/v3/room/search":
			roomPages = append(roomPages, ri.Latency)
		}
	})
	defer done()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := c.SessionInfo(ctx); err != nil { // the login is not a page
		t.Fatal(err)
	}
	userPages = nil
	if _, err := pod.Collect(c.AllUsers(ctx)); err != nil {
		t.Fatal(err)
	}
	if _, err := pod.Collect(c.SearchAllRooms(ctx, pod.RoomSearchCriteria{}, true)); err != nil {
		t.Fatal(err)
	}
	return userPages.median(), roomPages.median()
}

// localUsers counts the pod's own users of an emulator: the admin list.
func localUsers(t *testing.T, e *emulatorProcess) int {
	t.Helper()
	c, done := emulatorClient(t, e, nil)
	defer done()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	all, err := pod.Collect(c.AllUsers(ctx))
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// emulatorClient is a client of an emulator process, with observe told
// of every request (when not nil), and what closes it.
func emulatorClient(t *testing.T, e *emulatorProcess, observe func(pod.RequestInfo)) (*pod.Client, func()) {
	t.Helper()
	cfg, _, err := session.LoadConfig(e.config)
	if err != nil {
		t.Fatal(err)
	}
	s, err := session.New(cfg, session.Options{Version: "bench"})
	if err != nil {
		t.Fatal(err)
	}
	return pod.New(s, pod.Options{Observer: observe}), s.Close
}

// tmux runs the console in a private tmux server.
type tmux struct {
	t      *testing.T
	socket string
	n      int
}

func (x *tmux) run(args ...string) string {
	out, err := exec.Command("tmux", append([]string{"-L", x.socket}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Logf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

// console starts the console on config in a 160x50 window; its process id.
func (x *tmux) console(bin, config string) int {
	x.n++
	x.run("new-session", "-d", "-s", "c"+strconv.Itoa(x.n), "-x", "160", "-y", "50", "exec "+bin+" --config "+config)
	pid, err := strconv.Atoi(strings.TrimSpace(x.run("list-panes", "-t", x.session(), "-F", "#{pane_pid}")))
	if err != nil {
		x.t.Fatalf("no console in tmux: %v", err)
	}
	return pid
}

func (x *tmux) session() string { return "c" + strconv.Itoa(x.n) }

func (x *tmux) keys(keys ...string) {
	for _, k := range keys {
		x.run("send-keys", "-t", x.session(), k)
	}
}

func (x *tmux) pane() string { return x.run("capture-pane", "-p", "-t", x.session()) }

// waitPane waits until the window shows one of texts.
func (x *tmux) waitPane(d time.Duration, texts ...string) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		pane := x.pane()
		for _, s := range texts {
			if strings.Contains(pane, s) {
				return true
			}
		}
	}
	return false
}

// tabBar is the second line of the console: the tabs and their counts.
func (x *tmux) tabBar() string {
	lines := strings.Split(x.pane(), "\n")
	if len(lines) < 2 {
		return ""
	}
	return strings.Join(strings.Fields(lines[1]), " ")
}

// quit quits the console; its session ends with it (or is ended).
func (x *tmux) quit() {
	x.keys("Escape", "Escape", "q")
	time.Sleep(500 * time.Millisecond)
	_ = exec.Command("tmux", "-L", x.socket, "kill-session", "-t", x.session()).Run()
}

// killServer stops the private server and removes its socket, which
// tmux leaves behind.
func (x *tmux) killServer() {
	_ = exec.Command("tmux", "-L", x.socket, "kill-server").Run()
	dir := os.Getenv("TMUX_TMPDIR")
	if dir == "" {
		dir = "/tmp"
	}
	_ = os.Remove(filepath.Join(dir, fmt.Sprintf("tmux-%d", os.Getuid()), x.socket))
}

// cpuTicks is the process's user+system time, in clock ticks.
func cpuTicks(t *testing.T, pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatalf("the console is gone: %v", err)
	}
	// Fields after the command name, which is in parentheses.
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+2:]))
	u, _ := strconv.ParseInt(f[11], 10, 64)
	s, _ := strconv.ParseInt(f[12], 10, 64)
	return u + s
}

const clockTicks = 100 // USER_HZ on Linux

// waitQuiet waits until the process used at most 2% of a core over quiet
// (a console that loads uses all of one; an idle one that ticks, 1%).
func waitQuiet(t *testing.T, pid int, quiet, max time.Duration) {
	for deadline := time.Now().Add(max); time.Now().Before(deadline); {
		before := cpuTicks(t, pid)
		time.Sleep(quiet)
		if float64(cpuTicks(t, pid)-before) <= 0.02*clockTicks*quiet.Seconds() {
			return
		}
	}
	t.Logf("process %d never went quiet in %v", pid, max)
}

// idleCPU is the share of a core the process used over d, and how often
// it woke (context switches of all its threads).
func idleCPU(t *testing.T, pid int, d time.Duration) (percent, wakesPerSec float64) {
	t0, w0 := cpuTicks(t, pid), switches(pid)
	time.Sleep(d)
	t1, w1 := cpuTicks(t, pid), switches(pid)
	return float64(t1-t0) / clockTicks / d.Seconds() * 100, float64(w1-w0) / d.Seconds()
}

func switches(pid int) int64 {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", pid))
	var n int64
	for _, task := range tasks {
		data, _ := os.ReadFile(task)
		for _, l := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(l, "voluntary_ctxt_switches:"); ok {
				k, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				n += k
			} else if v, ok := strings.CutPrefix(l, "nonvoluntary_ctxt_switches:"); ok {
				k, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				n += k
			}
		}
	}
	return n
}

// memory is the process's resident set and its peak, in bytes.
func memory(t *testing.T, pid int) (rss, peak int64) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		var kb int64
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			rss = kb << 10
		} else if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			peak = kb << 10
		}
	}
	return rss, peak
}
