namespace CommsHub.Dcc.Storage.Sql;

/// <summary>One schema step. Versions start at 1 and have no gaps; a released migration is never edited, only followed.</summary>
/// <param name="Version">Its number.</param>
/// <param name="Name">What it does.</param>
/// <param name="Sql">The script (several statements).</param>
internal sealed record Migration(int Version, string Name, string Sql);
