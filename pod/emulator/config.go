package emulator

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
)

// WriteConfig writes a BDK configuration for this emulator into dir:
// config.yaml, bot-privatekey.pem (mode 0600), app-privatekey.pem (0600)
// and, with TLS, ca.pem (the trust store). Paths in config.yaml are absolute
// so the file works from any directory.
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
	botKey := filepath.Join(abs, "bot-privatekey.pem")
	appKey := filepath.Join(abs, "app-privatekey.pem")
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
		ca := filepath.Join(abs, "ca.pem")
		if err := os.WriteFile(ca, e.CAPEM, 0o644); err != nil {
			return fmt.Errorf("emulator: write %s: %w", ca, err)
		}
		cfg += fmt.Sprintf("ssl:\n  trustStore:\n    path: %s\n", yamlQuote(ca))
	}
	path := filepath.Join(abs, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		return fmt.Errorf("emulator: write %s: %w", path, err)
	}
	return nil
}

// writeSecret writes a private key readable by its owner only, even when the
// file already existed with wider permissions.
func writeSecret(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("emulator: write %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("emulator: chmod %s: %w", path, err)
	}
	return nil
}

// yamlQuote renders s as a YAML double-quoted scalar (JSON string syntax is
// valid YAML), so paths with spaces or colons survive.
func yamlQuote(s string) string { return strconv.Quote(s) }
