package emulator

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Identity is the key material the clients of an emulator trust: the bot's
// and the app's RSA keys, the TLS CA and the control API token. Reusing it
// across restarts (LoadIdentity, then Options.Identity) keeps a console or
// bot configured against the emulator working. Its fields are secrets:
// String and GoString never print them.
type Identity struct {
	BotKey *rsa.PrivateKey
	AppKey *rsa.PrivateKey

	// The CA that signs the TLS server and client certificates, as PEM; both
	// or neither.
	CACertPEM []byte
	CAKeyPEM  []byte

	ControlToken string
}

func (id Identity) String() string {
	return fmt.Sprintf("emulator identity: bot key %t, app key %t, CA %t, control token %t",
		id.BotKey != nil, id.AppKey != nil, len(id.CACertPEM) > 0, id.ControlToken != "")
}

// GoString keeps %#v from printing the keys.
func (id Identity) GoString() string { return id.String() }

// The files WriteConfig leaves in a config directory.
const (
	configFile       = "config.yaml"
	botKeyFile       = "bot-privatekey.pem"
	appKeyFile       = "app-privatekey.pem"
	caCertFile       = "ca.pem"
	caKeyFile        = "ca-privatekey.pem"
	controlTokenFile = "control-token"
)

// LoadIdentity reads what WriteConfig left in dir. An absent file leaves
// its part empty (a directory that does not exist gives an empty identity),
// and a CA certificate without its key is left out (it cannot sign). A file
// that is there but cannot be used is an error naming it: a broken key is
// never replaced behind the operator's back.
func LoadIdentity(dir string) (Identity, error) {
	var id Identity
	var err error
	if id.BotKey, err = readRSAKey(filepath.Join(dir, botKeyFile)); err != nil {
		return Identity{}, err
	}
	if id.AppKey, err = readRSAKey(filepath.Join(dir, appKeyFile)); err != nil {
		return Identity{}, err
	}
	certPath, keyPath := filepath.Join(dir, caCertFile), filepath.Join(dir, caKeyFile)
	keyPEM, err := readOptional(keyPath)
	if err != nil {
		return Identity{}, err
	}
	if keyPEM != nil {
		certPEM, err := readOptional(certPath)
		if err != nil {
			return Identity{}, err
		}
		if certPEM == nil {
			return Identity{}, fmt.Errorf("%s is there but %s is not", keyPath, certPath)
		}
		if _, _, err := parseCA(certPEM, keyPEM); err != nil {
			return Identity{}, fmt.Errorf("%s with %s: %w", certPath, keyPath, err)
		}
		id.CACertPEM, id.CAKeyPEM = certPEM, keyPEM
	}
	tokenPath := filepath.Join(dir, controlTokenFile)
	token, err := readOptional(tokenPath)
	if err != nil {
		return Identity{}, err
	}
	id.ControlToken = strings.TrimSpace(string(token))
	if id.ControlToken != "" && !validControlToken(id.ControlToken) {
		return Identity{}, fmt.Errorf("%s: want one line of letters, digits, '-' and '_'", tokenPath)
	}
	return id, nil
}

// Complete returns id with every empty part generated: fresh RSA keys for
// the bot and the app, and a fresh CA (the control token stays as it is;
// see NewControlToken).
func (id Identity) Complete() (Identity, error) {
	var err error
	if id.BotKey == nil {
		if id.BotKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			return Identity{}, fmt.Errorf("generate the bot's key: %w", err)
		}
	}
	if id.AppKey == nil {
		if id.AppKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			return Identity{}, fmt.Errorf("generate the app's key: %w", err)
		}
	}
	if id.CACertPEM == nil {
		if id.CACertPEM, id.CAKeyPEM, err = newCA(time.Now()); err != nil {
			return Identity{}, err
		}
	}
	return id, nil
}

// NewControlToken returns a fresh random control API token.
func NewControlToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func validControlToken(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return s != ""
}

// readOptional reads path; an absent file is nil without an error.
func readOptional(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, errors.Unwrap(err))
	}
	return data, nil
}

// readRSAKey reads an RSA private key (PKCS#8, or PKCS#1) from path; nil
// when there is no such file.
func readRSAKey(path string) (*rsa.PrivateKey, error) {
	data, err := readOptional(path)
	if data == nil || err != nil {
		return nil, err
	}
	key, err := parsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	rk, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s: not an RSA key", path)
	}
	return rk, nil
}

func parsePrivateKey(data []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("not a PEM private key")
	}
	var key any
	var err error
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("a PEM %q block, not a private key", block.Type)
	}
	if err != nil {
		return nil, errors.New("a damaged private key")
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, errors.New("a private key that cannot sign")
	}
	return signer, nil
}
