package org.afterimage.search.auth;

/** Who is calling: a key (by id and role) or an anonymous reader (by address, for rate limiting). */
public record Principal(String id, Role role, boolean anonymous) {
    public static Principal anonymous(String address) {
        return new Principal("anon:" + address, Role.READER, true);
    }

    public boolean isAdmin() {
        return !anonymous && role == Role.ADMIN;
    }
}
