package emulator

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"sync"
)

// Service accounts and the app every emulator registers.
const (
	BotUsername   = "symtui-bot"    // SYSTEM account with admin roles
	PlainUsername = "symtui-reader" // SYSTEM account with INDIVIDUAL only
	AppID         = "symtui-app"    // app for on-behalf-of authentication
)

// Credentials tell a client how to authenticate against this emulator. The
// key fields are secrets: String and GoString never print them.
type Credentials struct {
	BotUsername      string
	BotUserID        int64
	BotPrivateKeyPEM []byte // RSA, PKCS#8 ("BEGIN PRIVATE KEY")

	// TLS only: a client certificate (CN = BotUsername) and its PKCS#8 key,
	// for certificate authentication on /sessionauth and /keyauth.
	BotCertPEM    []byte
	BotCertKeyPEM []byte

	// A second service account without admin roles, for entitlement tests.
	PlainUsername      string
	PlainUserID        int64
	PlainPrivateKeyPEM []byte

	// An app allowed to act on behalf of every user of the pod.
	AppID            string
	AppPrivateKeyPEM []byte
}

func (c Credentials) String() string {
	return fmt.Sprintf("emulator credentials: bot %q (id %d), plain %q (id %d), app %q, client certificate: %t",
		c.BotUsername, c.BotUserID, c.PlainUsername, c.PlainUserID, c.AppID, len(c.BotCertPEM) > 0)
}

// GoString keeps %#v from printing the keys.
func (c Credentials) GoString() string { return c.String() }

// accountKeys are the RSA keys of the bot, the plain account and the app.
type accountKeys struct {
	bot, plain, app *rsa.PrivateKey
}

// RSA generation takes a noticeable time (much more under -race), and tests
// start many emulators, so one process generates each account's key once,
// when an emulator first needs it. A new process gets new keys; an
// Options.Identity key replaces the process's own.
type sharedKey struct {
	once sync.Once
	key  *rsa.PrivateKey
	err  error
}

func (k *sharedKey) get() (*rsa.PrivateKey, error) {
	k.once.Do(func() {
		if k.key, k.err = rsa.GenerateKey(rand.Reader, 2048); k.err != nil {
			k.err = fmt.Errorf("emulator: generate RSA key: %w", k.err)
		}
	})
	return k.key, k.err
}

var sharedBotKey, sharedPlainKey, sharedAppKey sharedKey

// loadAccountKeys returns the identity's keys, and the process's own where
// it has none.
func loadAccountKeys(id Identity) (accountKeys, error) {
	pick := func(given *rsa.PrivateKey, shared *sharedKey) (*rsa.PrivateKey, error) {
		if given != nil {
			return given, nil
		}
		return shared.get()
	}
	var keys accountKeys
	var err error
	if keys.bot, err = pick(id.BotKey, &sharedBotKey); err != nil {
		return keys, err
	}
	if keys.app, err = pick(id.AppKey, &sharedAppKey); err != nil {
		return keys, err
	}
	keys.plain, err = sharedPlainKey.get()
	return keys, err
}

// pkcs8PEM encodes a private key as PKCS#8 PEM, the format the BDKs read.
func pkcs8PEM(key any) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("emulator: encode private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}
