package session

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"time"
)

// keyFile is what the session last loaded from one key or certificate file,
// so a login can tell that an operator replaced it (a rotated or re-imported
// key) and use the new one without a restart.
type keyFile struct {
	key   string // config key, e.g. "bot.privateKey"
	path  string
	size  int64
	mtime time.Time
	sum   [32]byte
}

// trackKeyFiles records the files the credentials came from; inline
// content cannot change while we run.
func (s *Session) trackKeyFiles() {
	add := func(key, path string) {
		if path == "" {
			return
		}
		f := keyFile{key: key, path: path}
		if st, err := os.Stat(path); err == nil {
			f.size, f.mtime = st.Size(), st.ModTime()
		}
		if data, err := os.ReadFile(path); err == nil {
			f.sum = sha256.Sum256(data)
		}
		s.keyFiles = append(s.keyFiles, f)
	}
	add("bot.privateKey", s.cfg.Bot.PrivateKey.Path)
	add("bot.certificate", s.cfg.Bot.Certificate.Path)
	add("app.privateKey", s.cfg.App.PrivateKey.Path)
}

// reloadChangedKeys re-reads every key file whose size or modification time
// changed and, when its content did too, parses it and uses it from now on.
// A file that changed into something unusable is an error naming the key
// and the file: the login would only fail less clearly. It runs inside the
// one login in flight, which is all that reads the credentials.
func (s *Session) reloadChangedKeys() error {
	for i := range s.keyFiles {
		f := &s.keyFiles[i]
		st, err := os.Stat(f.path)
		if err != nil {
			return s.cfg.locate(&ConfigError{File: s.cfg.Path, Key: f.key + ".path", Message: fmt.Sprintf("cannot read the file: %v", err)})
		}
		if st.Size() == f.size && st.ModTime().Equal(f.mtime) {
			continue
		}
		data, err := os.ReadFile(f.path)
		if err != nil {
			return s.cfg.locate(&ConfigError{File: s.cfg.Path, Key: f.key + ".path", Message: fmt.Sprintf("cannot read the file: %v", err)})
		}
		sum := sha256.Sum256(data)
		if bytes.Equal(sum[:], f.sum[:]) {
			f.size, f.mtime = st.Size(), st.ModTime() // touched, not changed
			continue
		}
		if err := s.useKeyFile(f.key); err != nil {
			return fmt.Errorf("%w (the file changed on disk since the last login)", s.cfg.locate(err))
		}
		f.size, f.mtime, f.sum = st.Size(), st.ModTime(), sum
	}
	return nil
}

// useKeyFile loads the credential under config key and puts it in use.
func (s *Session) useKeyFile(key string) error {
	var warns []Warning // already warned about at start
	c := *s.creds
	switch key {
	case "bot.privateKey":
		k, err := loadRSAKey(s.cfg.Bot.PrivateKey, key, s.cfg.Path, &warns)
		if err != nil {
			return err
		}
		c.botKey = k
	case "app.privateKey":
		k, err := loadRSAKey(s.cfg.App.PrivateKey, key, s.cfg.Path, &warns)
		if err != nil {
			return err
		}
		c.appKey = k
	case "bot.certificate":
		cert, err := loadClientCert(s.cfg.Bot.Certificate, key, s.cfg.Path, &warns)
		if err != nil {
			return err
		}
		c.clientCert = cert
		s.certAPI = newClient(c.roots, cert, s.cfg.SessionAuth, s.cfg.KeyManager)
		s.mu.Lock()
		s.identity = "certificate " + certSubject(&c)
		s.mu.Unlock()
	}
	s.creds = &c
	return nil
}
