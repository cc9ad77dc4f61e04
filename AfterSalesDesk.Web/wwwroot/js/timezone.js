// Tells the server the browser's time zone (decision 0019): pages show points in time as clock times of
// the person's zone, and the server reads it from this cookie on the request that starts a page. A
// person's profile choice wins over it. Runs on every page, so a changed zone counts from the next load.
(() => {
    try {
        const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        // IANA names (Asia/Shanghai, America/Argentina/Buenos_Aires, Etc/GMT+8) are valid cookie text as they are.
        if (zone && /^[A-Za-z0-9/_+-]{1,64}$/.test(zone) && !document.cookie.split("; ").includes("asd-tz=" + zone)) {
            document.cookie = "asd-tz=" + zone + "; path=/; max-age=31536000; samesite=lax";
        }
    } catch {
        // An old browser without Intl time zones: the configured default applies.
    }
})();
