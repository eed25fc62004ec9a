package contract

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/oasdiff/yaml"
)

// SpecDirEnv overrides where the specification files are looked for.
const SpecDirEnv = "SYMTUI_SPEC_DIR"

// specFile is one specification and the path prefixes a pod serves it under.
type specFile struct {
	name     string
	swagger2 bool
	mounts   []string
}

// specFiles: login and authenticator have no basePath; the pod serves login under /login, the
// key manager under /relay; certificate authentication is /sessionauth (pod) and /keyauth (KM).
var specFiles = []specFile{
	{name: "pod-api-public.yaml", swagger2: true, mounts: []string{"/pod"}},
	{name: "login-api-public.yaml", swagger2: true, mounts: []string{"/login", "/relay"}},
	{name: "authenticator-api-public.yaml", swagger2: true, mounts: []string{"/sessionauth", "/keyauth"}},
	{name: "agent-api-public.yaml", mounts: []string{"/agent"}},
}

// Validator checks HTTP exchanges against the loaded specifications. It is safe for concurrent use.
type Validator struct {
	// routers maps a mount prefix ("/pod", "/relay", ...) to the router of its specification.
	routers map[string]routers.Router
	// LoadTime is how long reading, converting and validating the specifications took.
	LoadTime time.Duration
}

// SpecDir finds the specification directory: $SYMTUI_SPEC_DIR when set, else spec/ at the root
// of the symtui module (found by walking up from the working directory), where the repository
// carries the official files. ok says whether all four files are there.
func SpecDir() (dir string, ok bool) {
	if dir, set := os.LookupEnv(SpecDirEnv); set && dir != "" {
		return dir, hasSpecs(dir)
	}
	dir, found := RepoSpecDir()
	return dir, found && hasSpecs(dir)
}

// RepoSpecDir is spec/ at the root of the symtui module, whether or not it holds the files.
func RepoSpecDir() (string, bool) {
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	root, ok := moduleRoot(wd)
	if !ok {
		return "", false
	}
	return filepath.Join(root, "spec"), true
}

// moduleRoot is the nearest directory at or above dir that holds symtui's go.mod.
func moduleRoot(dir string) (string, bool) {
	for {
		if isSymtuiRoot(dir) {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

func isSymtuiRoot(dir string) bool {
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) == 2 && fields[0] == "module" {
			return fields[1] == "symtui"
		}
	}
	return false
}

func hasSpecs(dir string) bool {
	for _, f := range specFiles {
		if _, err := os.Stat(filepath.Join(dir, f.name)); err != nil {
			return false
		}
	}
	return true
}

// specNames lists the files a specification directory must hold.
func specNames() string {
	names := make([]string, len(specFiles))
	for i, f := range specFiles {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

type loaded struct {
	once sync.Once
	v    *Validator
	err  error
}

var cache sync.Map // absolute spec dir -> *loaded

// Load reads the specifications in dir and builds their routers. The result is cached per
// directory for the life of the process, so every test in a binary shares one load.
func Load(dir string) (*Validator, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	entry, _ := cache.LoadOrStore(abs, &loaded{})
	l := entry.(*loaded)
	l.once.Do(func() { l.v, l.err = load(abs) })
	return l.v, l.err
}

func load(dir string) (*Validator, error) {
	start := time.Now()
	v := &Validator{routers: make(map[string]routers.Router)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for _, f := range specFiles {
		wg.Go(func() {
			doc, err := loadDoc(filepath.Join(dir, f.name), f.swagger2)
			if err == nil {
				err = mount(v, doc, f.mounts, &mu)
			}
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("contract: %s: %w", f.name, err)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	v.LoadTime = time.Since(start)
	return v, nil
}

func loadDoc(path string, swagger2 bool) (*openapi3.T, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc *openapi3.T
	if swagger2 {
		var doc2 openapi2.T
		if _, err := yaml.Unmarshal(data, &doc2, yaml.DecodeOpts{DisableTimestamps: true}); err != nil {
			return nil, err
		}
		if doc, err = openapi2conv.ToV3(&doc2); err != nil {
			return nil, err
		}
	} else if doc, err = openapi3.NewLoader().LoadFromData(data); err != nil {
		return nil, err
	}
	// The pod file has a string default on an object schema and several wrong examples, none of
	// which bear on the exchanges we validate.
	err = doc.Validate(context.Background(),
		openapi3.DisableSchemaDefaultsValidation(), openapi3.DisableExamplesValidation())
	if err != nil {
		return nil, err
	}
	closeObjects(doc)
	return doc, nil
}

// mount replaces the document's servers by relative ones, one per prefix, and routes each
// prefix to its own router (the agent file's server has no scheme, which routers misread).
func mount(v *Validator, doc *openapi3.T, prefixes []string, mu *sync.Mutex) error {
	for _, prefix := range prefixes {
		doc.Servers = openapi3.Servers{{URL: prefix}}
		r, err := gorillamux.NewRouter(doc)
		if err != nil {
			return err
		}
		mu.Lock()
		v.routers[prefix] = r
		mu.Unlock()
	}
	return nil
}
