using KubectlKlutch.Output;

namespace KubectlKlutch.Tests.Output;

public class TableWriterTests
{
    [Fact]
    public void Aligns_columns_three_spaces_apart_even_when_coloured()
    {
        var table = new TableWriter("COMPONENT", "HEALTH", "STATE");
        table.Add(("konnector", null), ("Healthy", Colors.Green), ("2/2 available", null));
        table.Add(("backend", null), ("Degraded", Colors.Red), ("pod x: CrashLoopBackOff", null));
        var plain = new StringWriter();
        table.Write(plain, color: false);
        Assert.Equal("""
            COMPONENT   HEALTH     STATE
            konnector   Healthy    2/2 available
            backend     Degraded   pod x: CrashLoopBackOff

            """.ReplaceLineEndings(), plain.ToString());

        var coloured = new StringWriter();
        table.Write(coloured, color: true);
        Assert.Contains("konnector   \u001b[32mHealthy \u001b[0m   2/2 available", coloured.ToString());
    }
}
