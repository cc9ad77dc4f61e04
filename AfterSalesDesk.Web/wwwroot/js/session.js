// Keeps the idle timeout honest in a Blazor Server app: work inside a circuit makes no HTTP
// requests, so on user activity we ping the server (which slides the session cookie), and after
// the idle period without activity we reload, which lands on the login page once the cookie expired.
(() => {
    const script = document.currentScript;
    const idleMs = Number(script?.dataset.idleMinutes ?? 30) * 60_000;
    const pingEveryMs = 60_000;
    let lastActivity = Date.now();
    let lastPing = Date.now();

    for (const type of ["pointerdown", "keydown", "wheel", "touchstart"]) {
        document.addEventListener(type, () => { lastActivity = Date.now(); }, { passive: true, capture: true });
    }

    setInterval(async () => {
        const now = Date.now();
        if (now - lastActivity >= idleMs) {
            location.reload();
            return;
        }
        if (lastActivity > lastPing && now - lastPing >= pingEveryMs) {
            lastPing = now;
            try {
                const response = await fetch("session/ping", { method: "POST", credentials: "same-origin" });
                if (response.status === 401) {
                    location.reload();
                }
            } catch {
                // Offline for a moment; the next tick tries again.
            }
        }
    }, 15_000);
})();
