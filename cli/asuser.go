package cli

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"symtui/pod"
	"symtui/session"
)

// asUserUsage is the help of --as-user, shared by check and get.
const asUserUsage = "act on behalf of this user (numeric `ID` or USERNAME) through the config's app (app.appId, app.privateKey)"

func addAsUser(fs *flag.FlagSet) *string {
	return fs.String("as-user", "", asUserUsage)
}

// CheckAsUser checks --as-user as given, before anything else is done: a
// value given empty is a mistake (a script's variable left unset), not a
// request for the account's own session.
func CheckAsUser(fs *flag.FlagSet, value string) error {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "as-user" })
	if given && value == "" {
		return errors.New(`--as-user "": empty: give a user id or a username (without the flag: the account itself)`)
	}
	_, err := SessionOptions(value, "")
	return err
}

// SessionOptions builds the login options: on behalf of a user by id when
// asUser is numeric, by username otherwise; a service account's own login
// when it is empty.
func SessionOptions(asUser, version string) (session.Options, error) {
	o := session.Options{Version: version}
	if asUser == "" {
		return o, nil
	}
	if strings.TrimSpace(asUser) != asUser || strings.IndexFunc(asUser, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0 {
		return o, fmt.Errorf("--as-user %q: a user id or a username has no spaces or control characters", cleanText(asUser))
	}
	if len(asUser) > 256 {
		return o, fmt.Errorf("--as-user: %d characters is no username (at most 256)", len(asUser))
	}
	if strings.Trim(asUser, "0123456789") == "" {
		id, err := strconv.ParseInt(asUser, 10, 64)
		if err != nil || id <= 0 {
			return o, fmt.Errorf("--as-user %s: not a user id (want a positive number, or a username)", asUser)
		}
		o.OBOUserID = id
		return o, nil
	}
	o.OBOUsername = asUser
	return o, nil
}

// needsAdministrator is the error of a kind whose endpoint a session on
// behalf of a user may not call (by the OBO table), nil when it may.
func needsAdministrator(what, endpoint string) error {
	if _, enabled := pod.OBORule(endpoint); enabled {
		return nil
	}
	return fmt.Errorf("%s needs an administrator: %s is not available on behalf of a user", what, endpoint)
}
