package main

import (
	"cmp"
	"context"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"symtui/cli"
	"symtui/pod"
	"symtui/pod/calllog"
	"symtui/pod/membership"
	"symtui/pod/presence"
	"symtui/session"
	"symtui/settings"
	"symtui/ui"
	"symtui/views/apilog"
	"symtui/views/audit"
	"symtui/views/connections"
	presencetab "symtui/views/presence"
	"symtui/views/rooms"
	"symtui/views/tab"
	"symtui/views/users"
)

// podStack is everything the console holds for one pod: the session, the
// pod clients, the presence tracker and the tabs on top. A context switch
// builds a new one and closes the old one whole.
type podStack struct {
	target  cli.Target
	session *session.Session
	watch   *connWatch
	client  *pod.Client
	tracker *presence.Tracker
	names   *tab.Names
	owners  *membership.OnBehalf // sessions on behalf of room owners; nil without an app
	common  *ui.Common
	root    *ui.Model
	// cancel ends the calls the tabs have in flight.
	cancel context.CancelFunc
}

// stackBuilder builds a podStack for a target, the same way at start and
// at every context switch.
type stackBuilder struct {
	version   string
	readOnly  bool // --read-only: every context is browse-only
	interval  time.Duration
	reconcile time.Duration // 0: never
	workers   int           // calls of a bulk change in flight at once
	keys      *ui.KeyMap    // the operator's bindings, before read-only
	styles    *ui.Styles    // shared by every stack: a theme outlives a switch
	mouse     bool
	settings  *settings.File
	now       func() time.Time // nil: the wall clock
	// calls is the API log of the run: every stack's clients log to it,
	// each naming its pod, so it outlives a context switch (nil: none).
	calls *calllog.Ring
}

// build opens a session on t and puts a pod client, a tracker and the tabs
// on it. It reads files (config, keys) but sends nothing to the pod. The
// config's warnings go to warnings.
func (b *stackBuilder) build(t cli.Target, warnings io.Writer) (*podStack, error) {
	readOnly := b.readOnly || t.ReadOnly
	// Reconnect: after a failed login the console keeps trying with backoff
	// (the header says when); `r` tries at once.
	// The session's logins go to the API log too, under the pod's name,
	// known once the config is read: set before the session sends anything
	// (build sends nothing).
	var logLogin func(session.Exchange)
	opts := session.Options{Version: b.version, Reconnect: true, Now: b.now}
	if b.calls != nil {
		opts.Observer = func(x session.Exchange) { logLogin(x) }
	}
	s, cfg, err := cli.OpenSession(t, opts, cli.Env{Stdout: io.Discard, Stderr: warnings})
	if err != nil {
		return nil, err
	}
	st := &podStack{target: t, session: s, watch: newConnWatch(s), names: tab.NewNames()}
	podHost := net.JoinHostPort(cfg.Pod.Host, strconv.Itoa(cfg.Pod.Port))
	observe := st.watch.observe
	if b.calls != nil {
		logLogin = b.calls.SessionObserver(cmp.Or(t.Context, podHost))
		observe = bothObservers(observe, b.calls.Observer(cmp.Or(t.Context, podHost)))
	}
	st.client = pod.New(s, pod.Options{ReadOnly: readOnly, Observer: observe})
	// The tracker has its own loop with backoff; a call of its own that
	// retried ten times would hold a poll for the whole outage.
	pollClient := pod.New(s, pod.Options{ReadOnly: readOnly, Observer: observe, Retry: &presence.PollRetry, Access: st.client.Access()})
	reconcile := b.reconcile
	if reconcile == 0 {
		reconcile = -1 // the tracker's "never"
	}
	st.tracker = presence.New(pollClient, presence.Options{Interval: b.interval, Reconcile: reconcile})
	st.watch.recovered = st.tracker.Refresh

	keys := *b.keys // each stack its own: read-only differs between contexts
	keys.SetReadOnly(readOnly)
	c := ui.NewCommon(b.styles.Renderer, &keys, readOnly)
	c.Styles = b.styles
	if b.now != nil {
		c.Now = b.now
	}
	if b.mouse {
		c.EnableMouse()
	}
	c.Pod = podHost // host and port, as the header shows them
	c.Identity = s.State().Identity
	c.Access = st.client.Access() // what the session may call: on behalf of a user, less
	c.Context, c.ContextColor = t.Context, t.Color
	st.common = c

	base, cancel := context.WithCancel(context.Background())
	st.cancel = cancel
	// Changes only a room's owner can make (a new owner where the last one
	// leaves) are made on the owner's behalf, through the config's app.
	st.owners = membership.NewOnBehalf(s, b.version, pod.Options{ReadOnly: readOnly, Observer: observe})
	deps := tab.Deps{Pod: st.client, Names: st.names, Presence: st.tracker, Base: base, BulkWorkers: b.workers, Owners: st.owners}
	st.root = ui.New(c,
		users.New(c, deps),
		rooms.New(c, deps),
		connections.New(c, deps),
		presencetab.NewPane(c, deps),
	)
	// Presence is tab 4 and, with p, a pane beside the other tabs: one
	// instance, so the feed is polled once.
	st.root.SetSidePaneTab(3)
	st.root.SetContexts(b.settings.Path, contextList(b.settings))
	addPages(st.root, c, deps, b.calls)
	return st, nil
}

// addPages adds the pages shown over the tabs: the audit trail (:audit)
// and, with a log, the API log (:log, or its key).
func addPages(root *ui.Model, c *ui.Common, deps tab.Deps, calls *calllog.Ring) {
	root.AddPage(audit.New(c, deps), key.Binding{})
	root.AddCommand(ui.Command{Name: "audit", Args: "[PERIOD]", Help: "privileged actions of the last PERIOD (24h; 7d, 90m…)"})
	if calls != nil {
		root.AddPage(apilog.New(c, calls), c.Keys.Global.Log)
		root.AddCommand(ui.Command{Name: "log", Help: "API log: every request of this run"})
	}
}

// bothObservers calls a, then b, after every attempt of a pod client.
func bothObservers(a, b func(pod.RequestInfo)) func(pod.RequestInfo) {
	return func(ri pod.RequestInfo) {
		a(ri)
		b(ri)
	}
}

// start connects the header to the session, and asks the pod who the
// session is: the results come back tagged with epoch, and later changes
// of the connection go through link.
func (st *podStack) start(epoch uint64, link *programLink) tea.Cmd {
	conn := func() tea.Msg {
		return tagMsg(epoch, st.watch.attach(func(m tea.Msg) { link.send(tagMsg(epoch, m)) }))
	}
	identity := func() tea.Msg {
		if msg, ok := sessionIdentity(st.client, st.names, st.session); ok {
			return tagMsg(epoch, msg)
		}
		return nil
	}
	return tea.Batch(conn, identity)
}

// close ends everything the stack does: the calls in flight, the header's
// watch, the tracker (whose feed it deletes, within ctx) and the session's
// login timer. A pod that is gone is reported, not waited for.
func (st *podStack) close(ctx context.Context) error {
	st.cancel()
	st.watch.detach()
	err := st.tracker.Close(ctx)
	st.owners.Close()
	st.session.Close()
	return err
}

// contextList is what :ctx offers: each context with how it connects and
// its config.
func contextList(f *settings.File) []ui.ContextInfo {
	out := make([]ui.ContextInfo, len(f.Contexts))
	for i, c := range f.Contexts {
		var detail []string // what the switch changes first; the path may be cut
		if c.ReadOnly {
			detail = append(detail, "read-only")
		}
		if c.AsUser != "" {
			detail = append(detail, "as "+c.AsUser)
		}
		detail = append(detail, homeRelative(c.Config))
		out[i] = ui.ContextInfo{Name: c.Name, Detail: strings.Join(detail, " · ")}
	}
	return out
}

// homeRelative writes a path under $HOME with "~".
func homeRelative(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rest, ok := strings.CutPrefix(p, home+"/"); ok {
			return "~/" + rest
		}
	}
	return p
}
