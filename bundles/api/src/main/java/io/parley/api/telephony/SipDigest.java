package io.parley.api.telephony;

/**
 * What the registrar needs to check SIP digest authentication without ever storing a
 * password: HA1 = H(username:realm:password) with MD5 (RFC 2617) and SHA-256 (RFC 7616).
 *
 * <pre>{@code
 * String expected = md5(digest.ha1Md5() + ":" + nonce + ":" + md5(method + ":" + uri));
 * }</pre>
 *
 * @param username  the SIP user name (a phone's extension, a gateway's generated name)
 * @param realm     the realm the HA1 values were computed for (the appliance SIP domain)
 * @param ha1Md5    32 lower-case hex digits
 * @param ha1Sha256 64 lower-case hex digits
 */
public record SipDigest(String username, String realm, String ha1Md5, String ha1Sha256) {
}
