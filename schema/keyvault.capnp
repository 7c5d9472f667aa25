# The key service (services/keyvault): private keys from the boot package
# live in that one process; every other process gets at most a `Signer` cap
# per key, never key bytes (OpenSSH's privilege separation, keyless TLS).
#
# A TLS-terminating service calls `sign` from the signature step of its
# handshake (TLS 1.3 CertificateVerify, TLS 1.2 ServerKeyExchange): mbedTLS
# hands its secure-element driver the hash algorithm and the digest, and
# libcaprt/mbedtls/signer_key.h passes exactly those on. The call is made
# synchronously from the handshake (mbedTLS 3.6 signs synchronously), so the
# caller bounds it with a call timeout; see docs/architecture.md, "TLS and
# the key service".
#
# What holding a Signer means: its holder can have any digest signed with
# the key, for as long as it holds the cap (the same authority a TLS server
# holding the key would have), but it can never take the key with it: drop
# the cap (or restart the holder) and the authority is gone. The key service
# cannot see what a digest is a hash of, so one key serves one purpose (a
# TLS server key is no login key and no CA key); the manifest says which
# services get which key's Signer.
#
# There is no decryption and no key agreement: with ECDHE-only TLS no key
# service operation can serve as a decryption oracle.
#
# Errors: a call that cannot be decoded is the kernel's `malformedMessage`;
# a result buffer below minResultBytes is `resultTooSmall`; everything about
# the request itself is a typed `Signer.Error` in the result.
#
# Ordinals are stable: never renumber, only append.
@0x86c000ad57dce384;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("capos::schema");

interface Signer @0xfacfd5417ada09ef {
  const minResultBytes :UInt32 = 512;
  # Enough for every answer of `sign` and `publicKey` (an ECDSA P-384
  # signature is 96 bytes, its public point 97).
  const maxDigestBytes :UInt32 = 64;
  const maxChainBytes :UInt32 = 8192;
  # The certificate chain's DER, all certificates together.
  const chainResultBytes :UInt32 = 8704;
  # minResultBytes for `certificateChain`.

  sign @0 (hash :HashAlgorithm, digest :Data) -> (result :SignResult);
  # digest: the hash of the signed content, made with `hash`; its length
  #   must be the algorithm's (32, 48 or 64 bytes), else badDigestLength.
  # The signature's format is the key's: for ECDSA, r then s, big-endian,
  # each as long as the curve's order (64 bytes on P-256, 96 on P-384),
  # which is PSA's format; a TLS stack re-encodes it as DER.

  publicKey @1 () -> (key :PublicKey);
  # The key's public half, for a verifier or to check a certificate against.

  certificateChain @2 () -> (chain :List(Data));
  # DER certificates, the key's own first, then its issuers up to (not
  # necessarily including) a trust anchor. Empty when the key service holds
  # no certificate for this key (a login key, say).

  enum HashAlgorithm {
    sha256 @0;
    sha384 @1;
    sha512 @2;
  }

  enum KeyType {
    ecdsaP256 @0;
    ecdsaP384 @1;
  }

  struct PublicKey {
    type @0 :KeyType;
    point @1 :Data;
    # The uncompressed SEC1 point, 0x04 || X || Y (65 bytes on P-256, 97 on
    # P-384): PSA's public-key format, and the BIT STRING of a certificate's
    # SubjectPublicKeyInfo.
  }

  struct SignResult {
    union {
      signature @0 :Data;
      error @1 :Error;
    }
  }

  enum Error {
    badDigestLength @0;     # not the hash algorithm's length
    unsupportedHash @1;     # a hash this key is not used with
    signingFailed @2;       # the key service's own failure (logged there)
  }
}

struct KeyvaultKeys {
  # The key service's boot resource: the one secret blob of a boot package,
  # which the manifest grants to keyvault alone (a `bootResource` grant).
  # Written at image build time by tools/keyvault-keys; never committed.
  keys @0 :List(Key);

  struct Key {
    name @0 :Text;
    # The keyvault grant that serves this key: an endpoint owner facet with
    # interface Signer under this name. A key without one is not served.
    type @1 :Signer.KeyType;
    privateKey @2 :Data;
    # PSA's key-pair format: the private scalar, big-endian, as long as the
    # curve's order (32 bytes on P-256, 48 on P-384).
    certificateChain @3 :List(Data);
    # As Signer.certificateChain answers it; may be empty.
  }
}

struct CustodyCheck {
  # Test images only: the boot resource that lets a TLS front end prove it
  # holds no private key (services/lib/tls-front/custody.h). It never
  # carries a key: per key, for each byte order the key may sit in memory
  # (PSA's big-endian scalar, and mbedTLS's little-endian limbs: the
  # reverse), the pattern's first 8 bytes and its SHA-256. The front end
  # looks for the prefix in all its writable memory and counts a window
  # only if its SHA-256 matches too. The canary is a random pattern it
  # copies into its own heap first, so a scan that cannot find the canary
  # proves nothing. Written by tools/keyvault-keys --custody.
  keys @0 :List(KeyPrint);
  canary @1 :Data;

  struct KeyPrint {
    name @0 :Text;
    prefixes @1 :List(UInt64);   # little-endian loads of each pattern's first 8 bytes
    digests @2 :List(Data);      # SHA-256 of each whole pattern, same order
    length @3 :UInt32;           # the pattern's length in bytes
  }
}
