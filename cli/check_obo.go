package cli

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"symtui/pod"
	"symtui/session"
)

// permissionProbe is one harmless read that needs a permission.
type permissionProbe struct {
	endpoint string
	read     func(ctx context.Context, c *pod.Client) error
}

// probesFor are the harmless reads that tell whether the app holds each
// permission. A permission whose every endpoint changes the pod has none:
// the check never changes anything to find out.
func probesFor(who session.OnBehalf, me pod.User, meErr error) map[pod.Permission]permissionProbe {
	lookupSelf := func(ctx context.Context, c *pod.Client) error {
		var err error
		switch {
		case meErr == nil:
			_, err = c.UsersByID(ctx, []int64{me.ID}, pod.LookupOptions{})
		case who.UserID != 0:
			_, err = c.UsersByID(ctx, []int64{who.UserID}, pod.LookupOptions{})
		default:
			_, err = c.UsersByUsername(ctx, []string{who.Username}, pod.LookupOptions{})
		}
		return err
	}
	return map[pod.Permission]permissionProbe{
		pod.GetBasicUserInfo:    {"GET /pod/v2/sessioninfo", func(context.Context, *pod.Client) error { return meErr }},
		pod.GetBasicContactInfo: {"GET /pod/v3/users", lookupSelf},
		pod.GetPresence: {"GET /pod/v2/user/presence", func(ctx context.Context, c *pod.Client) error {
			_, err := c.Presence(ctx)
			return err
		}},
		pod.ListUserStreams: {"POST /pod/v1/streams/list", func(ctx context.Context, c *pod.Client) error {
			_, err := c.Streams(ctx, pod.StreamFilter{}, 0, 1)
			return err
		}},
		pod.GetUserConnections: {"GET /pod/v1/connection/list", func(ctx context.Context, c *pod.Client) error {
			_, err := c.Connections(ctx, pod.ConnectionPendingIncoming)
			return err
		}},
		pod.ManageRooms: {"POST /pod/v3/room/search", func(ctx context.Context, c *pod.Client) error {
			_, err := c.SearchRooms(ctx, pod.RoomSearchCriteria{}, pod.RoomSearchOptions{Limit: 1})
			return err
		}},
		pod.SendMessages: {"GET /pod/v1/files/allowedTypes", func(ctx context.Context, c *pod.Client) error {
			_, err := c.AllowedFileTypes(ctx)
			return err
		}},
	}
}

// probePermissions prints, for each permission of the OBO table, whether
// the app holds it for this user: granted, refused (with the pod's
// reason), or not probed. A probe that fails otherwise is a failure.
func probePermissions(ctx context.Context, c *pod.Client, who session.OnBehalf, me pod.User, meErr error, list *checklist) {
	probes := probesFor(who, me, meErr)
	for _, perm := range tablePermissions() {
		probe, ok := probes[perm]
		if !ok {
			list.line("-", perm, "not probed: every endpoint that needs it changes the pod")
			continue
		}
		err := probe.read(ctx, c)
		switch {
		case err == nil:
			list.line("ok", perm, "granted ("+probe.endpoint+")")
		case slices.Contains(pod.MissingPermissions(err), perm) || (pod.IsForbidden(err) && needsOnly(probe.endpoint, perm)):
			list.line("warn", perm, "refused ("+probe.endpoint+"): "+podMessage(err))
		default:
			list.failLine(perm, fmt.Errorf("probing with %s: %w", probe.endpoint, err))
		}
	}
}

// tablePermissions are the permissions the pod endpoints of the OBO table
// need, in the documentation's order.
func tablePermissions() []pod.Permission {
	used := map[pod.Permission]bool{}
	for _, ep := range pod.OBOEndpoints() {
		for _, p := range ep.Permissions {
			used[p] = true
		}
	}
	var out []pod.Permission
	for _, p := range pod.Permissions() {
		if used[p] {
			out = append(out, p)
		}
	}
	return out
}

// needsOnly reports whether the endpoint needs exactly perm: a 403 there
// that names no permission is still the app lacking it.
func needsOnly(endpoint string, perm pod.Permission) bool {
	rule, ok := pod.OBORule(endpoint)
	return ok && len(rule.Permissions) == 1 && rule.Permissions[0] == perm
}

// podMessage is the pod's own words for a refusal, else the error's.
func podMessage(err error) string {
	var pe *pod.Error
	if errors.As(err, &pe) && pe.Message != "" {
		return cleanText(strings.Join(strings.Fields(pe.Message), " "))
	}
	return oneLine(err)
}
