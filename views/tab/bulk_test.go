package tab_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"symtui/pod"
	"symtui/pod/bulk"
	"symtui/ui"
	"symtui/views/internal/viewtest"
	"symtui/views/tab"
)

func summaryText(t *testing.T, s tab.Summary, rep bulk.Report, labels []string) ui.StatusMsg {
	t.Helper()
	msgs := viewtest.RunCmd(s.Say(rep, func(i int) string { return labels[i] }))
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	return msgs[0].(ui.StatusMsg)
}

// A summary counts done, failed and not attempted, groups the failures by
// the pod's reason (raw values sanitised), and says it was stopped.
func TestSummarySaysWhatHappened(t *testing.T) {
	s := tab.Summary{Past: "removed", One: "member", Many: "members", Where: " (Rates)"}
	labels := []string{"Alice", "Bob", "Carol", "Dan", "Eve\x1b[31m", "Fay", "Gus"}
	owner := &pod.Error{Status: 403, Message: "Not an owner"}
	gone := &pod.Error{Status: 400, Message: "User is not a member\x07"}
	for _, c := range []struct {
		rep   bulk.Report
		level ui.Level
		want  string
	}{
		{bulk.Report{Total: 7, Done: []int{0, 1, 2, 3, 4, 5, 6}}, ui.LevelInfo, "Removed 7 members (Rates)"},
		{bulk.Report{Total: 1, Done: []int{0}}, ui.LevelInfo, "Removed 1 member (Rates)"},
		{bulk.Report{Total: 7, Done: []int{0, 1}, Failed: []bulk.Failure{{Index: 2, Err: owner}, {Index: 3, Err: gone}, {Index: 4, Err: owner}, {Index: 5, Err: owner}, {Index: 6, Err: owner}}},
			ui.LevelWarning, "Removed 2 of 7 members (Rates); 5 failed: Not an owner (Carol, Eve, Fay and 1 more); User is not a member (Dan)"},
		{bulk.Report{Total: 7, Done: []int{0, 1, 2}, NotAttempted: []int{3, 4, 5, 6}, Stopped: true},
			ui.LevelWarning, "Stopped: removed 3 of 7 members (Rates); 4 not attempted"},
		{bulk.Report{Total: 2, Failed: []bulk.Failure{{Index: 0, Err: errors.New("the pod at x did not answer")}, {Index: 1, Err: owner}}},
			ui.LevelError, "Removed 0 of 2 members (Rates); 2 failed: the pod at x did not answer (Alice); Not an owner (Bob)"},
		{bulk.Report{Total: 2, NotAttempted: []int{0, 1}, Stopped: true}, ui.LevelWarning, "Stopped: removed 0 of 2 members (Rates); 2 not attempted"},
		// A change sent and never clearly answered is not called failed:
		// the pod may have made it.
		{bulk.Report{Total: 3, Done: []int{0}, Failed: []bulk.Failure{{Index: 1, Err: &pod.Error{Endpoint: "POST /x", Err: errors.New("EOF"), Unanswered: true}}, {Index: 2, Err: owner}}},
			ui.LevelWarning, "Removed 1 of 3 members (Rates); 1 failed: Not an owner (Carol); 1 unanswered, which the pod may have made all the same: reload to check (Bob)"},
		{bulk.Report{Total: 2, Failed: []bulk.Failure{{Index: 0, Err: &pod.Error{Endpoint: "POST /x", Err: errors.New("EOF"), Unanswered: true}}, {Index: 1, Err: &pod.Error{Endpoint: "POST /x", Err: errors.New("EOF"), Unanswered: true}}}},
			ui.LevelWarning, "Removed 0 of 2 members (Rates); 2 unanswered, which the pod may have made all the same: reload to check (Alice, Bob)"},
	} {
		got := summaryText(t, s, c.rep, labels)
		if got.Text != c.want || got.Level != c.level {
			t.Errorf("summary %q (%v), want %q (%v)", got.Text, got.Level, c.want, c.level)
		}
	}
	// Many reasons: the first three are named, the rest counted.
	var fs []bulk.Failure
	for i := range 6 {
		fs = append(fs, bulk.Failure{Index: i % 2, Err: &pod.Error{Status: 400, Message: strings.Repeat("r", i+1)}})
	}
	got := summaryText(t, s, bulk.Report{Total: 6, Failed: fs}, labels)
	if !strings.HasSuffix(got.Text, "rrr (Alice); 3 other reasons") {
		t.Errorf("summary %q", got.Text)
	}
}

// A job delivers its progress as messages, at most one waiting command at
// a time, and its wait ends with nothing once the run is over; its line
// says where it is and how to stop it.
func TestJobReportsProgressAndEnds(t *testing.T) {
	c := viewtest.NewCommon(false)
	release := make(chan struct{})
	job, cmd := tab.StartJob("users", tab.Deps{BulkWorkers: 2}, "disabling", 10, func(ctx context.Context, opts bulk.Options) (int, error) {
		rep := bulk.Run(ctx, 10, opts, func(ctx context.Context, i int) error {
			if i >= 4 {
				<-release
			}
			return nil
		})
		return len(rep.Done), nil
	})
	if !job.Stoppable() || len(job.Bindings(c.Keys.Global.Back)) != 1 {
		t.Fatal("a job of 10 is not stoppable")
	}
	batch, _ := viewtest.AsCmds(cmd())
	if len(batch) != 2 {
		t.Fatalf("%d commands, want the run and its progress", len(batch))
	}
	result := make(chan any, 1)
	go func() { result <- batch[0]() }()
	msg := batch[1]()
	p, ok := msg.(tab.JobProgressMsg)
	if !ok || p.View != "users" || p.Progress.Total != 10 || p.Progress.Done < 1 {
		t.Fatalf("progress %#v", msg)
	}
	next, ok := job.Progress(p)
	if !ok || next == nil {
		t.Fatal("the job did not take its own progress")
	}
	if _, ok := job.Progress(tab.JobProgressMsg{View: "users", Job: p.Job + 1000}); ok {
		t.Fatal("the job took another job's progress")
	}
	line := job.Line(c.Styles, "esc")
	if !strings.Contains(line, fmt.Sprintf("disabling %d/10…", p.Progress.Ended())) || !strings.Contains(line, "esc stop") {
		t.Fatalf("line %q", line)
	}
	close(release)
	r := (<-result).(ui.Result[int])
	if r.Value != 10 || r.View != "users" {
		t.Fatalf("result %+v", r)
	}
	if m := next(); m != nil {
		if _, ok := m.(tab.JobProgressMsg); !ok {
			t.Fatalf("after the run: %#v", m)
		}
	}
	if m := job.Wait()(); m != nil {
		t.Fatalf("a wait after the run ended returned %#v", m)
	}
	// Stopped: said once, the line says so, esc no longer stops it.
	if job.Stop() == nil || job.Stop() != nil || job.Stoppable() || !strings.Contains(job.Line(c.Styles, "esc"), "stopping") {
		t.Fatal("stop")
	}
}
