package users

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"symtui/pod"
	"symtui/ui"
	"symtui/views/tab"
)

// Payloads riding the user forms.
type (
	userCreatePayload  struct{}
	userEditPayload    struct{ Rec userRec }
	userSuspendPayload struct {
		Recs    []userRec
		Skipped int    // targets already suspended
		Hidden  string // the marked rows the filter hides, left out
	}
)

var errEmail = errors.New("an email address looks like name@example.com")

// untilExample is a suspension end a week from now, for hints: an example
// in the past would be refused.
func untilExample(now time.Time) string {
	return now.UTC().AddDate(0, 0, 7).Format("2006-01-02") + " 17:00"
}

func validateEmail(s string) error {
	if s == "" {
		return nil
	}
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " ,;") {
		return errEmail
	}
	return nil
}

// Bounds of a suspension: shorter than a minute it ends before anyone
// sees it; ten years is longer than any real one, and far below where the
// arithmetic of days and milliseconds wraps around into the past.
const (
	minSuspension     = time.Minute
	maxSuspensionDays = 3650
	maxSuspension     = maxSuspensionDays * 24 * time.Hour
)

var (
	errSuspensionShort = errors.New("Until must be at least 1m from now")
	errSuspensionLong  = fmt.Errorf("Until must be at most %dd (10 years) from now", maxSuspensionDays)
	errSuspensionPast  = errors.New("Until must be in the future")
	// durationLike is what time.ParseDuration reads, so a failure is an overflow.
	durationLike = regexp.MustCompile(`^[-+]?([0-9]+(\.[0-9]*)?(ns|us|µs|ms|s|m|h))+$`)
)

// parseUntil reads the end of a suspension: a duration from now ("12h",
// "7d") or a UTC date with an optional time, within the bounds above.
func parseUntil(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if days, err := strconv.Atoi(n); err == nil || errors.Is(err, strconv.ErrRange) {
			switch {
			case err == nil && days <= 0, strings.HasPrefix(n, "-"):
				return time.Time{}, errSuspensionPast
			case err != nil || days > maxSuspensionDays:
				return time.Time{}, errSuspensionLong
			}
			return now.Add(time.Duration(days) * 24 * time.Hour), nil
		}
	}
	if durationLike.MatchString(s) {
		d, err := time.ParseDuration(s)
		switch {
		case err == nil && d <= 0, strings.HasPrefix(s, "-"):
			return time.Time{}, errSuspensionPast
		case err != nil || d > maxSuspension:
			return time.Time{}, errSuspensionLong
		case d < minSuspension:
			return time.Time{}, errSuspensionShort
		}
		return now.Add(d), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			switch {
			case !t.After(now):
				return time.Time{}, errors.New("Until: that date is already past")
			case t.Before(now.Add(minSuspension)):
				return time.Time{}, errSuspensionShort
			case t.After(now.Add(maxSuspension)):
				return time.Time{}, fmt.Errorf("Until must be at most 10 years from now (%s)", now.Add(maxSuspension).UTC().Format("2006-01-02"))
			}
			return t, nil
		}
	}
	ex := untilExample(now)
	return time.Time{}, errors.New("Until: a duration (12h, 7d) or a UTC date (" + ex[:10] + " or " + ex + ")")
}

// createForm asks for a new user's attributes. The pod gives it the
// INDIVIDUAL role; others are added afterwards.
func (v *Tab) createForm() tea.Cmd {
	return ui.OpenModal(ui.NewForm(v.c, "Create user", []ui.Field{
		{Key: "email", Label: "Email", Required: true, CharLimit: 254, Validate: validateEmail, Names: []string{"emailAddress"}},
		{Key: "username", Label: "Username", Required: true, CharLimit: 128, Names: []string{"userName"}},
		{Key: "displayName", Label: "Display name", Required: true, CharLimit: 128},
		{Key: "firstName", Label: "First name", CharLimit: 64},
		{Key: "lastName", Label: "Last name", CharLimit: 64},
		{Key: "company", Label: "Company", CharLimit: 128, Names: []string{"companyName"}},
		{Key: "title", Label: "Title", CharLimit: 128},
	}, userCreatePayload{}))
}

// editForm offers the attributes an operator usually changes, from the
// admin record as the pod holds it. Only the fields changed are sent; one
// emptied is sent empty, which clears it on the pod. The display name,
// and the email of a NORMAL account, cannot be cleared: the pod requires
// them.
func (v *Tab) editForm(r userRec, a pod.UserAttributes) tea.Cmd {
	return ui.OpenModal(ui.NewEditForm(v.c, "Edit user "+r.label(), []ui.Field{
		{Key: "displayName", Label: "Display name", Value: a.DisplayName, Required: true, CharLimit: 128},
		{Key: "firstName", Label: "First name", Value: a.FirstName, CharLimit: 64},
		{Key: "lastName", Label: "Last name", Value: a.LastName, CharLimit: 64},
		{Key: "email", Label: "Email", Value: a.EmailAddress, CharLimit: 254, Validate: validateEmail, Names: []string{"emailAddress"},
			Required: a.AccountType != pod.AccountSystem},
		{Key: "company", Label: "Company", Value: a.CompanyName, CharLimit: 128, Names: []string{"companyName"}},
		{Key: "title", Label: "Title", Value: a.Title, CharLimit: 128},
		{Key: "department", Label: "Department", Value: a.Department, CharLimit: 128},
		{Key: "location", Label: "Location", Value: a.Location, CharLimit: 128},
	}, userEditPayload{Rec: r}))
}

// userChanges is the update body for the fields an edit form changed.
func userChanges(msg ui.FormResultMsg) pod.UserChanges {
	var ch pod.UserChanges
	field := map[string]**string{
		"displayName": &ch.DisplayName, "firstName": &ch.FirstName, "lastName": &ch.LastName,
		"email": &ch.EmailAddress, "company": &ch.CompanyName, "title": &ch.Title,
		"department": &ch.Department, "location": &ch.Location,
	}
	for _, c := range msg.Changes {
		if dst, ok := field[c.Key]; ok {
			val := c.New
			*dst = &val
		}
	}
	return ch
}

// userFieldValue is the value of an edit form's field in an admin record.
func userFieldValue(a pod.UserAttributes, key string) string {
	switch key {
	case "displayName":
		return a.DisplayName
	case "firstName":
		return a.FirstName
	case "lastName":
		return a.LastName
	case "email":
		return a.EmailAddress
	case "company":
		return a.CompanyName
	case "title":
		return a.Title
	case "department":
		return a.Department
	case "location":
		return a.Location
	}
	return ""
}

// suspendForm asks why and until when; a Confirm naming the users follows.
func (v *Tab) suspendForm(rs []userRec, skipped int, hidden string) tea.Cmd {
	now := v.c.Now
	title := "Suspend user " + rs[0].label()
	if len(rs) > 1 {
		title = "Suspend " + strconv.Itoa(len(rs)) + " users"
	}
	return ui.OpenModal(ui.NewForm(v.c, title, []ui.Field{
		{Key: "reason", Label: "Reason", Required: true, CharLimit: 200},
		{Key: "until", Label: "Until", Required: true, Placeholder: "7d, 12h or " + untilExample(now()) + " (UTC)",
			Validate: func(s string) error { _, err := parseUntil(s, now()); return err }},
	}, userSuspendPayload{Recs: rs, Skipped: skipped, Hidden: hidden}))
}

// formDone sends what a submitted form asks for.
func (v *Tab) formDone(msg ui.FormResultMsg) tea.Cmd {
	if !msg.Submitted {
		return nil
	}
	val := msg.Values
	switch p := msg.Payload.(type) {
	case userCreatePayload:
		u := pod.UserCreate{
			UserAttributes: pod.UserAttributes{
				EmailAddress: val["email"], UserName: val["username"], DisplayName: val["displayName"],
				FirstName: val["firstName"], LastName: val["lastName"], CompanyName: val["company"], Title: val["title"],
				AccountType: pod.AccountNormal,
			},
			Roles: []string{"INDIVIDUAL"},
		}
		d, form := v.d, msg.Form
		return tea.Sequence(ui.Info("creating user "+ui.Sanitize(u.UserAttributes.DisplayName)+"…"), ui.Run(ViewID, 0, func() (userChange, error) {
			ctx, cancel := d.CallContext()
			defer cancel()
			det, err := d.Pod.CreateUser(ctx, u)
			if err != nil {
				return userChange{Form: form, Failed: "cannot create user " + ui.Sanitize(u.UserAttributes.DisplayName), Look: u.UserAttributes.EmailAddress}, err
			}
			r := recFromDetail(det)
			return userChange{Text: "created user " + r.label() + " (id " + strconv.FormatInt(r.ID, 10) + ")",
				ID: r.ID, Detail: &det, Created: true}, nil
		}))
	case userEditPayload:
		if len(msg.Changes) == 0 {
			return ui.Info("nothing changed: " + p.Rec.label() + " left as the pod has it")
		}
		return v.saveEdit(p.Rec, msg)
	case userSuspendPayload:
		until, err := parseUntil(val["until"], v.c.Now())
		if err != nil {
			return ui.Error(err)
		}
		reason := val["reason"]
		return v.confirmOp(userOpPayload{Op: opSuspendUser, Reason: reason, Until: until},
			"Suspend "+tab.Plural(len(p.Recs), "user", "users")+" until "+until.UTC().Format("2006-01-02 15:04")+" ("+reason+")", p.Recs, p.Skipped, "already suspended", p.Hidden)
	}
	return nil
}

// saveEdit sends the fields an edit form changed, reads the user back and
// says what the pod did: each change it made, and any it did not.
func (v *Tab) saveEdit(r userRec, msg ui.FormResultMsg) tea.Cmd {
	d, form, changes := v.d, msg.Form, msg.Changes
	body := userChanges(msg)
	return tea.Sequence(ui.Info("updating "+r.label()+"…"), ui.Run(ViewID, 0, func() (userChange, error) {
		ctx, cancel := d.CallContext()
		defer cancel()
		if _, err := d.Pod.UpdateUser(ctx, r.ID, body); err != nil {
			return userChange{ID: r.ID, Form: form, Failed: "cannot update " + r.label()}, err
		}
		// What changed first: a long name must not push it off the status line.
		out := userChange{ID: r.ID, Text: "updated " + tab.ChangesSaid(changes) + " for " + r.label()}
		det, err := d.Pod.UserDetail(ctx, r.ID)
		if err != nil {
			out.Warn = "updated " + tab.ChangesSaid(changes) + " for " + r.label() + ", but could not read it back to check: " + err.Error()
			return out, nil
		}
		out.Detail = &det
		if kept := tab.ChangesKept(changes, func(key string) string { return userFieldValue(det.UserAttributes, key) }); kept != "" {
			out.Warn = "sent " + tab.ChangesSaid(changes) + " for " + r.label() + ", but the pod " + kept
		}
		return out, nil
	}))
}
