// The theme a person picks in the app bar, kept for a year in this browser (Infrastructure/Appearance.cs reads it).
window.asdAppearance = {
    remember: (choice) => {
        document.cookie = `asd-theme=${encodeURIComponent(choice)}; path=/; max-age=31536000; samesite=lax`;
    },
};
