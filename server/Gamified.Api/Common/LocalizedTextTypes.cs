using Gamified.Common;
using GraphQL.Types;

namespace Gamified.Api.Common;

public sealed class LocalizedTextType : ObjectGraphType<LocalizedText>
{
    public LocalizedTextType()
    {
        Name = "LocalizedText";
        Description = "Text in Chinese (zh-CN, the primary language) and English.";
        Field("zhCN", x => x.ZhCn).Description("简体中文");
        Field("en", x => x.En).Description("English");
    }
}

public sealed class LocalizedTextInput
{
    public string? ZhCN { get; set; }
    public string? En { get; set; }

    public LocalizedText ToText() => new(ZhCN ?? "", En ?? "");
}

public sealed class LocalizedTextInputType : InputObjectGraphType<LocalizedTextInput>
{
    public LocalizedTextInputType()
    {
        Name = "LocalizedTextInput";
        Field<NonNullGraphType<StringGraphType>>("zhCN").Description("简体中文 (required)");
        Field<NonNullGraphType<StringGraphType>>("en").Description("English (required)");
    }
}
