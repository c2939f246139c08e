/** JWE for FIT-Connect-shaped submissions: RSA-OAEP-256 key encryption, A256GCM content encryption (jose). */
import { CompactEncrypt, compactDecrypt, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";

export const KEY_ALG = "RSA-OAEP-256";
export const CONTENT_ENC = "A256GCM";

/** Encrypts bytes or a string for the destination's public key (JWK with kid); the result is a compact JWE. */
export async function encryptFor(publicJwk: JWK, payload: Uint8Array | string, contentType = "application/json"): Promise<string> {
  // FIT-Connect keys say key_ops ["wrapKey"]; WebCrypto wants "encrypt" for RSA-OAEP key management, so key_ops is not passed on.
  const key = await importJWK({ ...publicJwk, key_ops: undefined, alg: KEY_ALG }, KEY_ALG);
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  return new CompactEncrypt(bytes).setProtectedHeader({ alg: KEY_ALG, enc: CONTENT_ENC, kid: publicJwk.kid, cty: contentType, zip: undefined }).encrypt(key);
}

/** Decrypts a compact JWE with the private key (the receiver's side); refuses other algorithms. */
export async function decryptWith(privateJwk: JWK, jwe: string): Promise<{ plaintext: Uint8Array; kid?: string }> {
  const key = await importJWK({ ...privateJwk, key_ops: undefined, alg: KEY_ALG }, KEY_ALG);
  const r = await compactDecrypt(jwe, key, { keyManagementAlgorithms: [KEY_ALG], contentEncryptionAlgorithms: [CONTENT_ENC] });
  return { plaintext: r.plaintext, kid: r.protectedHeader.kid };
}

/** A fresh RSA key pair as JWKs (4096 bit as FIT-Connect asks; tests may use 2048 for speed). */
export async function generateDestinationKeys(kid: string, modulusLength = 4096): Promise<{ publicJwk: JWK; privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair(KEY_ALG, { modulusLength, extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: KEY_ALG, use: "enc", key_ops: ["wrapKey"] };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: KEY_ALG, use: "enc", key_ops: ["unwrapKey"] };
  return { publicJwk, privateJwk };
}

/** Whether a JWK is an RSA public encryption key usable here (no private parts). */
export function isPublicEncryptionKey(jwk: unknown): jwk is JWK {
  const k = jwk as Record<string, unknown>;
  return !!k && k.kty === "RSA" && typeof k.n === "string" && typeof k.e === "string" && typeof k.kid === "string" && k.d === undefined;
}
