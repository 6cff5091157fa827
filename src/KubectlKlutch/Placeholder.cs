namespace KubectlKlutch; internal static class Placeholder;
