// Package settings reads the console's own settings file,
// ~/.config/symtui/config.yaml: the pod contexts an operator switches
// between, the theme and the mouse. The pods' credentials stay in their BDK
// config files; a context only points at one.
package settings

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// FileRel is where the settings live, under $HOME.
const FileRel = ".config/symtui/config.yaml"

// DefaultPath is $HOME/.config/symtui/config.yaml ("" without a home
// directory: no settings).
func DefaultPath() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, FileRel)
}

// Context is one pod the operator works on.
type Context struct {
	Name     string
	Config   string // the BDK config file, "~" expanded, relative to the settings file
	ReadOnly bool   // browse only, whatever the flags
	AsUser   string // act on behalf of this user (username, or numeric user id)
	Color    string // the header badge's colour name ("": none)
	Line     int    // where the context starts in the file
	File     string // the settings file it is read from, for errors
}

// File is the settings file, checked.
type File struct {
	Path     string
	Theme    string // "" when not set: auto
	Mouse    bool   // default true; false leaves the mouse to the terminal (selection)
	Context  string // the context a command uses when none is named ("": the BDK config)
	Contexts []Context
}

// Empty is what a missing settings file means.
func Empty(path string) *File { return &File{Path: path, Mouse: true} }

// Load reads the settings at path. A missing file is no error: it means
// no contexts and the defaults. Warnings (unknown keys) and errors name the
// file and the line; every problem of the file is reported, one a line.
func Load(path string) (*File, []string, error) {
	if path == "" {
		return Empty(""), nil, nil
	}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Empty(path), nil, nil
	case err != nil:
		return nil, nil, fmt.Errorf("settings: %w", err)
	}
	return Parse(path, data)
}

// Lookup returns the context called name, or an error naming the file and
// the contexts there are.
func (f *File) Lookup(name string) (Context, error) {
	for _, c := range f.Contexts {
		if c.Name == name {
			return c, nil
		}
	}
	if len(f.Contexts) == 0 {
		return Context{}, fmt.Errorf("no context %q: %s lists no contexts", name, f.where())
	}
	return Context{}, fmt.Errorf("no context %q in %s (contexts: %s)", name, f.where(), strings.Join(f.Names(), ", "))
}

// Names are the contexts' names, in file order.
func (f *File) Names() []string {
	names := make([]string, len(f.Contexts))
	for i, c := range f.Contexts {
		names[i] = c.Name
	}
	return names
}

func (f *File) where() string {
	if f.Path == "" {
		return "the settings file"
	}
	return f.Path
}

// resolvePath expands "~/" and makes a relative path relative to the
// settings file's directory, where the operator wrote it.
func resolvePath(p, settingsPath string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil && home != "" {
			return filepath.Join(home, p[1:])
		}
	}
	if filepath.IsAbs(p) || settingsPath == "" {
		return p
	}
	return filepath.Join(filepath.Dir(settingsPath), p)
}

// validName: a context name is typed after :ctx and --context, so it is a
// word of letters, digits, '.', '_' and '-'.
func validName(s string) bool {
	return s != "" && len(s) <= 64 && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || slices.Contains([]rune("._-"), r))
	})
}
