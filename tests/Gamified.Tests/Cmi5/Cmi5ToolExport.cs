using System.Text;
using Gamified.Tests.Content;

namespace Gamified.Tests.Cmi5;

/// <summary>
/// A cmi5 zip laid out as authoring tools export them (written for these tests): everything under the folder the tool
/// zipped, <c>cmi5.xml</c> at its root and no <c>manifest.json</c>, a tool's own <c>meta.xml</c>, one AU under <c>res/</c>
/// (an OwnWindow player page with a query string in its url) and one under <c>story_content/</c>, course objectives,
/// blocks nested in blocks, and an XML namespace on every element.
/// </summary>
public static class Cmi5ToolExport
{
    public const string Folder = "SmartPermits_cmi5_export";

    /// <summary>A course IRI of its own (so each test publishes its own package) and its AU ids.</summary>
    public sealed record Course(string Iri)
    {
        public string PlayerAu => Iri + "/au/player";
        public string CheckAu => Iri + "/au/check";
    }

    public static Course NewCourse() => new("https://training.example.gov.cn/courses/smart-permits/" + Guid.NewGuid().ToString("n")[..8]);

    public static string Structure(Course course) => $"""
        <?xml version="1.0" encoding="utf-8" standalone="yes"?>
        <courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <course id="{course.Iri}">
            <title><langstring lang="zh-CN">智慧审批：证照“免提交”</langstring><langstring lang="en-US">Smart permits: certificates never handed in</langstring></title>
            <description><langstring lang="zh-CN">电子证照库如何让申请人不再提交纸质证照。</langstring></description>
          </course>
          <objectives>
            <objective id="{course.Iri}/objectives/e-licence">
              <title><langstring lang="zh-CN">会查电子证照</langstring></title>
              <description><langstring lang="zh-CN">在审批中调用电子证照库。</langstring></description>
            </objective>
          </objectives>
          <block id="{course.Iri}/block/module-1">
            <title><langstring lang="zh-CN">模块一</langstring></title>
            <objectives><objective idref="{course.Iri}/objectives/e-licence" /></objectives>
            <block id="{course.Iri}/block/module-1/lesson-1">
              <title><langstring lang="zh-CN">第一课</langstring></title>
              <au id="{course.PlayerAu}" moveOn="Completed" launchMethod="OwnWindow" activityType="http://adlnet.gov/expapi/activities/lesson">
                <title><langstring lang="zh-CN">课件：证照免提交</langstring><langstring lang="en-US">Module: no certificates handed in</langstring></title>
                <description><langstring lang="zh-CN">播放器页面。</langstring></description>
                <objectives><objective idref="{course.Iri}/objectives/e-licence" /></objectives>
                <url>res/index.html?lang=zh-CN&amp;skin=gov</url>
                <launchParameters>{"{"}"mode":"full"{"}"}</launchParameters>
              </au>
            </block>
          </block>
          <au id="{course.CheckAu}" moveOn="Passed" masteryScore="0.8" launchMethod="AnyWindow">
            <title><langstring lang="zh-CN">测验</langstring></title>
            <url>story_content/story.html</url>
          </au>
        </courseStructure>
        """;

    /// <summary>The export's zip; <paramref name="structure"/> replaces cmi5.xml, <paramref name="changes"/> other files (null removes one).</summary>
    public static byte[] Zip(Course course, string? structure = null, IReadOnlyDictionary<string, string?>? changes = null)
    {
        var files = new Dictionary<string, string?>
        {
            ["cmi5.xml"] = structure ?? Structure(course),
            ["meta.xml"] = "<?xml version=\"1.0\"?><meta><tool>an authoring tool</tool></meta>",
            ["res/index.html"] = "<!doctype html><html><head><script src=\"data/player.js\"></script><link rel=\"stylesheet\" href=\"data/player.css\"></head><body></body></html>",
            ["res/data/player.js"] = "window.player = {};",
            ["res/data/player.css"] = "body { margin: 0 }",
            ["res/data/fonts/regular.woff"] = "wOFF",
            ["story_content/story.html"] = "<!doctype html><html><body><script src=\"user.js\"></script></body></html>",
            ["story_content/user.js"] = "var story = {};",
            ["story_content/frame.xml"] = "<frame />",
        };
        foreach (var (path, content) in changes ?? new Dictionary<string, string?>()) files[path] = content;
        return SamplePackage.Zip(files.Where(f => f.Value is not null).ToDictionary(f => $"{Folder}/{f.Key}", f => Encoding.UTF8.GetBytes(f.Value!)));
    }
}
