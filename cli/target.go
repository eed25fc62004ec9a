package cli

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"symtui/session"
	"symtui/settings"
)

// Target is the pod a command talks to: a context of the settings file,
// or a BDK config file given as such.
type Target struct {
	Context  string // "" when not a context
	Color    string // the context's header colour
	Config   string // the BDK config file ("": ~/.symphony/config.yaml)
	ReadOnly bool   // the context is browse-only
	AsUser   string // the context acts on behalf of this user
	Where    string // where the context is written ("file:line"), for errors
}

// FromContext is the target of a context.
func FromContext(c settings.Context) Target {
	t := Target{Context: c.Name, Color: c.Color, Config: c.Config, ReadOnly: c.ReadOnly, AsUser: c.AsUser}
	if c.File != "" && c.Line > 0 {
		t.Where = fmt.Sprintf("%s:%d", c.File, c.Line)
	}
	return t
}

// blame prefixes err with the context it comes from, and where the context
// is written: what is wrong may be the context's own line, not the file err
// names.
func (t Target) blame(err error) error {
	switch {
	case err == nil || t.Context == "":
		return err
	case t.Where != "":
		return fmt.Errorf("%s: context %q: %w", t.Where, t.Context, err)
	}
	return fmt.Errorf("context %q: %w", t.Context, err)
}

// LoadSettings reads the settings file (~/.config/symtui/config.yaml),
// printing its warnings to stderr; a missing file is the defaults.
func LoadSettings(env Env) (*settings.File, error) {
	f, warnings, err := settings.Load(settings.DefaultPath())
	for _, w := range warnings {
		fmt.Fprintf(env.Stderr, "symtui: warning: %s\n", cleanText(w))
	}
	return f, err
}

// ResolveTarget picks what --context and --config name: the context, the
// config file, or else the settings' default context, or else the default
// BDK config.
func ResolveTarget(f *settings.File, context, config string) (Target, error) {
	switch {
	case context != "" && config != "":
		return Target{}, errors.New("--context and --config both name a pod: give one")
	case context != "":
		c, err := f.Lookup(context)
		if err != nil {
			return Target{}, fmt.Errorf("--context: %w", err)
		}
		return FromContext(c), nil
	case config != "":
		return Target{Config: config}, nil
	case f.Context != "":
		c, err := f.Lookup(f.Context)
		if err != nil {
			return Target{}, err
		}
		return FromContext(c), nil
	}
	return Target{}, nil
}

// OpenSession builds the session for t, the one way every command does:
// its BDK config (warnings on stderr) and, with AsUser, the login on behalf
// of that user through the config's app. opts gives the rest (version,
// reconnect, clock). It does not log in.
func OpenSession(t Target, opts session.Options, env Env) (*session.Session, *session.Config, error) {
	obo, err := SessionOptions(t.AsUser, opts.Version)
	if err != nil {
		return nil, nil, t.blame(err)
	}
	opts.OBOUserID, opts.OBOUsername = obo.OBOUserID, obo.OBOUsername
	cfg, err := LoadConfig(t.Config, env)
	if err != nil {
		return nil, nil, t.blame(err)
	}
	s, err := session.New(cfg, opts)
	if err != nil {
		return nil, nil, t.blame(err)
	}
	return s, cfg, nil
}

// CheckPodFlags refuses --context or --config given blank: a script's
// variable left unset must not fall back to the default pod and act there.
func CheckPodFlags(fs *flag.FlagSet) error {
	var err error
	fs.Visit(func(f *flag.Flag) {
		if err == nil && (f.Name == "context" || f.Name == "config") && strings.TrimSpace(f.Value.String()) == "" {
			err = fmt.Errorf("--%s %q: empty: name a %s, or leave the flag out (the default pod)", f.Name, f.Value.String(), map[string]string{"context": "context of the settings file", "config": "BDK config file"}[f.Name])
		}
	})
	return err
}
