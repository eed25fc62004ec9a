package tab

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod/bulk"
	"symtui/ui"
)

// A bulk change runs in a Cmd (pod/bulk does the calls); the view that
// started it keeps its Job, draws the job's line ("removing 180/500… · esc
// stop"), stops it with esc, and gets its progress as messages: one waiting
// command at a time, woken by the run, at most progressEvery apart. Nothing
// ticks: between two answers of the pod nothing wakes the console.

// progressEvery spaces the progress messages: an operator reads a counter
// ten times a second at most, and each message costs a frame.
const progressEvery = 100 * time.Millisecond

// jobIDs tells jobs apart, so that a late message of a finished job is dropped.
var jobIDs atomic.Uint64

// Job is a bulk change in flight.
type Job struct {
	view    string
	id      uint64
	doing   string // "removing"
	total   int
	stop    context.CancelFunc
	wake    chan struct{} // the run has new progress (buffered 1)
	done    chan struct{} // closed when the run has ended
	latest  atomic.Pointer[bulk.Progress]
	shown   bulk.Progress // as of the last message: View only reads it
	stopped bool
}

// JobProgressMsg carries a job's progress to the view that owns it.
type JobProgressMsg struct {
	View     string
	Job      uint64
	Progress bulk.Progress
}

// OwnerView implements ui.Owned.
func (m JobProgressMsg) OwnerView() string { return m.View }

// StartJob starts a bulk change of n items for view: run does the change
// with the options given (workers, timeout and progress set) and ctx,
// which ends when the operator stops the job; what it returns comes back
// as the view's ui.Result[T]. The Cmd runs the change and waits for
// progress.
func StartJob[T any](view string, d Deps, doing string, n int, run func(ctx context.Context, opts bulk.Options) (T, error)) (*Job, tea.Cmd) {
	ctx, stop := context.WithCancel(d.base()) // a context switch ends it too
	j := &Job{view: view, id: jobIDs.Add(1), doing: doing, total: n, stop: stop,
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	opts := bulk.Options{Workers: d.BulkWorkers, Timeout: d.timeout(), Progress: j.progress}
	work := ui.Run(view, 0, func() (T, error) {
		defer close(j.done)
		defer stop()
		return run(ctx, opts)
	})
	return j, tea.Batch(work, j.Wait())
}

// progress is the run's callback: keep the latest, wake the waiter.
func (j *Job) progress(p bulk.Progress) {
	j.latest.Store(&p)
	select {
	case j.wake <- struct{}{}:
	default:
	}
}

// Wait is the command that delivers the next progress message; the view
// returns it again after each one. It returns nothing once the run ended:
// the run's own result says the rest.
func (j *Job) Wait() tea.Cmd {
	return func() tea.Msg {
		select {
		case <-j.wake:
		case <-j.done:
			return nil
		}
		// Let more progress gather before the next frame.
		t := time.NewTimer(progressEvery)
		defer t.Stop()
		select {
		case <-t.C:
		case <-j.done:
			return nil
		}
		p := j.latest.Load()
		return JobProgressMsg{View: j.view, Job: j.id, Progress: *p}
	}
}

// Progress takes a progress message of this job and returns the command
// waiting for the next one; ok is false when the message is another job's.
func (j *Job) Progress(msg JobProgressMsg) (tea.Cmd, bool) {
	if j == nil || msg.Job != j.id {
		return nil, false
	}
	j.shown = msg.Progress
	return j.Wait(), true
}

// Stoppable reports that esc would stop the job: it changes more than one
// item and was not asked to stop yet (false for no job). A change of one
// is a single call, over before a stop could matter.
func (j *Job) Stoppable() bool { return j != nil && !j.stopped && j.total > 1 }

// Bindings are the keys the job adds while it may be stopped: back
// (esc), relabelled. Views put them first, so help shows them first.
func (j *Job) Bindings(back key.Binding) []key.Binding {
	if !j.Stoppable() {
		return nil
	}
	return []key.Binding{Relabel(back, "stop the change")}
}

// Stop asks the run to start nothing more; the calls already sent finish.
func (j *Job) Stop() tea.Cmd {
	if j.stopped {
		return nil
	}
	j.stopped = true
	j.stop()
	return ui.Info(fmt.Sprintf("stopping: the changes already sent finish, nothing more starts (%d/%d ended)", j.shown.Ended(), j.total))
}

// Busy is the answer to a second bulk change while one runs.
func (j *Job) Busy(stopKey string) tea.Cmd {
	return ui.Warn(fmt.Sprintf("a change is running (%s %d/%d): wait for it, or %s to stop it", j.doing, j.shown.Ended(), j.total, stopKey))
}

// Line is the job's progress as the view shows it: "removing 180/500… · 2
// failed · esc stop".
func (j *Job) Line(st *ui.Styles, stopKey string) string {
	s := fmt.Sprintf("%s %d/%d…", j.doing, j.shown.Ended(), j.total)
	if j.shown.Failed > 0 {
		s += fmt.Sprintf(" · %d failed", j.shown.Failed)
	}
	switch {
	case j.stopped:
		return st.StatusWarn.Render(s + " · stopping")
	case !j.Stoppable():
		return st.StatusInfo.Render(s)
	}
	return st.StatusInfo.Render(s) + st.Muted.Render(" · "+stopKey+" stop")
}
