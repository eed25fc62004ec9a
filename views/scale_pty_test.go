package views

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"symtui/ui"
)

// The figures of the console process on a terminal of the benchmark's
// own: keystroke to frame, and a whole load as the operator waits for it.

// ptyConsole is the console running in a pseudo-terminal of 160x50.
type ptyConsole struct {
	t       *testing.T
	master  *os.File
	cmd     *exec.Cmd
	started time.Time

	mu    sync.Mutex
	last  time.Time    // when output last arrived
	seen  int          // bytes of output so far
	shown bytes.Buffer // output since the last reset (at most 16 MB)
}

func startPTYConsole(t *testing.T, bin, config string) *ptyConsole {
	master, slave := openPTY(t, 160, 50)
	cmd := exec.Command(bin, "--config", config)
	cmd.Env = append(os.Environ(), "TERM=screen-256color") // no terminal queries to answer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	p := &ptyConsole{t: t, master: master, cmd: cmd, started: time.Now()}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	go p.read()
	return p
}

func (p *ptyConsole) read() {
	buf := make([]byte, 64<<10)
	for {
		k, err := p.master.Read(buf)
		if k > 0 {
			p.mu.Lock()
			p.last, p.seen = time.Now(), p.seen+k
			if p.shown.Len() < 16<<20 {
				p.shown.Write(buf[:k])
			}
			p.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

func (p *ptyConsole) pid() int { return p.cmd.Process.Pid }

// quit presses q and waits for the process (or kills it after 5 s).
func (p *ptyConsole) quit() {
	defer p.master.Close()
	_, _ = p.master.Write([]byte("q"))
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}

// typeKeys writes keys one at a time, as typed.
func (p *ptyConsole) typeKeys(keys string) {
	for _, k := range keys {
		if _, err := p.master.Write([]byte(string(k))); err != nil {
			p.t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// shownSince runs fn over the output since the last reset.
func (p *ptyConsole) shownSince(fn func([]byte)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fn(p.shown.Bytes())
}

func (p *ptyConsole) resetShown() {
	p.mu.Lock()
	p.shown.Reset()
	p.mu.Unlock()
}

// setupStep is keys to write before the timed ones, and a text the
// console then shows.
type setupStep struct{ keys, want string }

// setUp writes each step's keys, leaves the console to go quiet, and
// checks that it showed the step's text.
func (p *ptyConsole) setUp(steps []setupStep) {
	for _, step := range steps {
		p.resetShown()
		p.typeKeys(step.keys)
		waitQuiet(p.t, p.pid(), 3*time.Second, 5*time.Minute)
		var ok bool
		var tail string
		p.shownSince(func(b []byte) {
			ok, tail = bytes.Contains(b, []byte(step.want)), string(b[max(len(b)-3000, 0):])
		})
		if !ok {
			p.t.Fatalf("after %q the console did not show %q: %q", step.keys, step.want, tail)
		}
	}
}

// press writes key and returns how long the first byte of the frame it
// draws took (the whole wait when it draws nothing in 2 s, and false).
func (p *ptyConsole) press(key string) (time.Duration, bool) {
	const wait = 2 * time.Second
	p.mu.Lock()
	before := p.seen
	p.mu.Unlock()
	sent := time.Now()
	if _, err := p.master.Write([]byte(key)); err != nil {
		p.t.Fatal(err)
	}
	for deadline := sent.Add(wait); time.Now().Before(deadline); time.Sleep(50 * time.Microsecond) {
		p.mu.Lock()
		got, at := p.seen, p.last
		p.mu.Unlock()
		if got > before {
			return at.Sub(sent), true
		}
	}
	return wait, false
}

// keyLatency runs the console and times each key from its write to the
// first byte of the frame it draws, 100 ms apart. Before them, each setup
// step is written and the console left to go quiet.
func keyLatency(t *testing.T, bin, config string, setup []setupStep, keys []string) durations {
	p := startPTYConsole(t, bin, config)
	defer p.quit()
	waitQuiet(t, p.pid(), 3*time.Second, 5*time.Minute)
	p.setUp(setup)
	out, missed := make(durations, len(keys)), 0
	for i, key := range keys {
		var drew bool
		if out[i], drew = p.press(key); !drew {
			missed++
		}
		time.Sleep(100 * time.Millisecond)
	}
	if missed > 0 {
		t.Errorf("%d of %d keys drew no frame", missed, len(keys))
	}
	return out
}

// cursorKeys is n presses of j and k, ten of each in turn.
func cursorKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "j"
		if i%20 >= 10 {
			keys[i] = "k"
		}
	}
	return keys
}

// terminalSorts times s through every column of the Users tab and back
// to data order, three rounds, in the console process holding what the
// memory figure loads (the Rooms tab, a 5,000-member room). It returns
// the column whose median sort is the slowest, that median, and every sort.
func terminalSorts(t *testing.T, bin, config string) (worstCol string, worst time.Duration, all durations) {
	const rounds = 3
	keys := strings.Split(strings.Repeat("s", rounds*(len(usersColumns)+1)), "")
	lat := keyLatency(t, bin, config, []setupStep{{"2", "/20,003"}, {":room All Hands 1\r", "5,001 members"}, {"1", "filter every user loaded"}}, keys)
	per := make([]durations, len(usersColumns))
	for i, d := range lat {
		if col := i % (len(usersColumns) + 1); col < len(usersColumns) { // not the press back to data order
			per[col], all = append(per[col], d), append(all, d)
		}
	}
	for i, ds := range per {
		if m := ds.median(); m >= worst {
			worstCol, worst = usersColumns[i], m
		}
	}
	return worstCol, worst, all
}

// terminalLoad starts the console and times it until its Users tab says
// it holds every one of users, loading no more: from the start of the
// process, the login included. It returns that time and the CPU the
// process used until then.
func terminalLoad(t *testing.T, bin, config string, users int) (took, cpu time.Duration) {
	p := startPTYConsole(t, bin, config)
	defer p.quit()
	label := []byte("Users " + ui.Thousands(users))
	var at time.Time
	from := 0 // where the output is still to be searched
	for deadline := time.Now().Add(2 * time.Minute); at.IsZero() && time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		p.shownSince(func(b []byte) {
			for i := from; ; {
				j := bytes.Index(b[i:], label)
				if j < 0 {
					from = max(len(b)-len(label)-4, from)
					return
				}
				i += j + len(label)
				if len(b)-i < 4 {
					from = i - len(label) // too near the end to tell yet
					return
				}
				if !bytes.HasPrefix(b[i:], []byte(" ↻")) {
					at = time.Now()
					return
				}
			}
		})
	}
	if at.IsZero() {
		var tail string
		p.shownSince(func(b []byte) { tail = string(b[max(len(b)-3000, 0):]) })
		t.Fatalf("the Users tab never said %s, loaded: %q", label, tail)
	}
	return at.Sub(p.started), time.Duration(cpuTicks(t, p.pid())) * time.Second / clockTicks
}

// openPTY opens a pseudo-terminal of w×h cells: the master side to drive,
// the slave side to hand the console.
func openPTY(t *testing.T, w, h int) (master, slave *os.File) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminal: %v", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatal(e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatal(e)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	ws := struct{ rows, cols, x, y uint16 }{uint16(h), uint16(w), 0, 0}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, s.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); e != 0 {
		t.Fatal(e)
	}
	return m, s
}
