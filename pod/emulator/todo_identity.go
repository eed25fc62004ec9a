package emulator

// Placeholders so the package compiles while the identity half is built.
// Whoever implements a function below deletes it from this file; the file
// goes away when empty.

import "net/http"

// Faults is the fault-injection configuration.
type Faults struct{}

type faultInjector struct{}

func newFaultInjector(f Faults, seed int64) *faultInjector { return &faultInjector{} }
func (f *faultInjector) wrap(h http.Handler) http.Handler  { return h }

// Credentials tell a client how to authenticate against this emulator.
type Credentials struct{}

func (e *Emulator) init() error {
	e.st = &state{users: map[int64]*user{}, sessions: map[string]*session{}}
	return nil
}
func (e *Emulator) authRoutes()    {}
func (e *Emulator) userRoutes()    {}
func (e *Emulator) controlRoutes() {}
