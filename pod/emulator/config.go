package emulator

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
)

// WriteConfig writes a BDK configuration for this emulator into dir:
// config.yaml, bot-privatekey.pem (mode 0600), app-privatekey.pem (0600),
// with TLS ca.pem (the trust store) and ca-privatekey.pem (0600), and with a
// control token control-token (0600). Paths in config.yaml are absolute so
// the file works from any directory. LoadIdentity reads the keys, the CA and
// the token back, so a restart can keep them.
func (e *Emulator) WriteConfig(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("emulator: config directory %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return fmt.Errorf("emulator: config directory: %w", err)
	}
	u, err := url.Parse(e.URL)
	if err != nil {
		return fmt.Errorf("emulator: own URL %q: %w", e.URL, err)
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		return fmt.Errorf("emulator: own URL %q has no port", e.URL)
	}
	botKey := filepath.Join(abs, botKeyFile)
	appKey := filepath.Join(abs, appKeyFile)
	if err := writeSecret(botKey, e.Credentials.BotPrivateKeyPEM); err != nil {
		return err
	}
	if err := writeSecret(appKey, e.Credentials.AppPrivateKeyPEM); err != nil {
		return err
	}

	cfg := "# BDK configuration for a symtui emulator (local pod); written by symtui.\n"
	cfg += fmt.Sprintf("scheme: %s\nhost: %s\nport: %d\n", u.Scheme, yamlQuote(u.Hostname()), port)
	cfg += fmt.Sprintf("bot:\n  username: %s\n  privateKey:\n    path: %s\n", yamlQuote(e.Credentials.BotUsername), yamlQuote(botKey))
	cfg += fmt.Sprintf("app:\n  appId: %s\n  privateKey:\n    path: %s\n", yamlQuote(e.Credentials.AppID), yamlQuote(appKey))
	if len(e.CAPEM) > 0 {
		ca := filepath.Join(abs, caCertFile)
		if err := writeFile(ca, e.CAPEM, 0o644); err != nil {
			return err
		}
		if err := writeSecret(filepath.Join(abs, caKeyFile), e.caKeyPEM); err != nil {
			return err
		}
		cfg += fmt.Sprintf("ssl:\n  trustStore:\n    path: %s\n", yamlQuote(ca))
	}
	if e.opts.ControlToken != "" {
		if err := writeSecret(filepath.Join(abs, controlTokenFile), []byte(e.opts.ControlToken+"\n")); err != nil {
			return err
		}
	}
	return writeSecret(filepath.Join(abs, configFile), []byte(cfg))
}

// writeSecret writes a file readable by its owner only, even when the file
// already existed with wider permissions.
func writeSecret(path string, data []byte) error { return writeFile(path, data, 0o600) }

// writeFile replaces path with data in one step (a temporary file renamed
// over it), so a reader or a crash never sees half a key, and leaves it
// with mode perm.
func writeFile(path string, data []byte, perm os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("emulator: write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), perm)); err != nil {
		return fmt.Errorf("emulator: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("emulator: write %s: %w", path, err)
	}
	return nil
}

// yamlQuote renders s as a YAML double-quoted scalar (JSON string syntax is
// valid YAML), so paths with spaces or colons survive.
func yamlQuote(s string) string { return strconv.Quote(s) }
