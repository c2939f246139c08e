<?xml version="1.0" encoding="utf-8"?>
<xplan:XPlanAuszug xmlns:wfs="http://www.opengis.net/wfs" xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xlink="http://www.w3.org/1999/xlink" gml:id="Gml_170EA517-06FB-403E-8AFF-C81EC1AF2608" xsi:schemaLocation="http://www.xplanung.de/xplangml/6/0 http://repository.gdi-de.org/schemas/de.xleitstelle.xplanung/6.0/XPlanung-Operationen.xsd" xmlns:xplan="http://www.xplanung.de/xplangml/6/0">
  <gml:boundedBy>
    <gml:Envelope srsName="EPSG:25832">
      <gml:lowerCorner>557082.896 5936688.969</gml:lowerCorner>
      <gml:upperCorner>557332.925 5936947.632</gml:upperCorner>
    </gml:Envelope>
  </gml:boundedBy>
  <gml:featureMember>
    <xplan:BP_Plan gml:id="Gml_66C1275A-5865-4A51-B4F4-5FD57E52B5A6">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557082.896 5936688.969</gml:lowerCorner>
          <gml:upperCorner>557332.925 5936947.632</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:name>BPlan_SO-Objekte-Test_6-0-2_SoapUI-XPlanValidatorAPI</xplan:name>
      <xplan:raeumlicherGeltungsbereich>
        <gml:Polygon gml:id="Gml_460D52F8-28C7-49E5-899B-28E49BAC0E7C" srsName="EPSG:25832">
          <gml:exterior>
            <gml:Ring>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_B0E10948-2F07-4209-B6CD-AA02CAB893E0" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557094.392 5936696.867 557101.914 5936688.969 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_6FAE2582-ECDE-43EB-AD6B-0035EFA2F4F0" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557101.914 5936688.969 557129.793 5936689.258 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_609BB094-3C89-431E-AB0E-E88CFF653792" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557129.793 5936689.258 557151.675 5936689.487 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_2E67966E-D32F-4140-A095-A76217149796" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557151.675 5936689.487 557172.06 5936689.699 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_34FB680E-4EB5-434A-A682-6DC4B267F3B9" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557172.06 5936689.699 557186.448 5936689.848 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_28B842F8-63D1-4F6D-ADFB-C5C90C19052F" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557186.448 5936689.848 557201.437 5936690.005 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_CF9D002C-7A0E-4D85-B348-BE1548915871" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557201.437 5936690.005 557218.624 5936690.183 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_3F7F8049-9B25-4C88-A2FC-F91F9ED36B36" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557218.624 5936690.183 557230.716 5936690.308 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_86C29BBC-DA4E-4768-9349-669C583EAA52" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557230.716 5936690.308 557232.757 5936690.46 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_3C42A7E0-53D5-4FE3-8FDB-34F8524B54D0" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557232.757 5936690.46 557246.445 5936691.482 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_129E13CE-EE9B-4C52-8C9E-3923BD8F9EFC" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557246.445 5936691.482 557260.981 5936692.567 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_AA8E3A89-4C47-4899-8486-5BDCEA6E964A" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557260.981 5936692.567 557276.423 5936693.718 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_19BB20C4-1A3C-49B6-ABB6-B74B11B065E8" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557276.423 5936693.718 557316.405 5936696.699 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_386B4FE8-7120-45AD-867C-478EFDFB28E7" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557316.405 5936696.699 557319.183 5936697.419 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_525642A4-6F9C-4945-B845-5C81223AD126" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557319.183 5936697.419 557321.606 5936699.002 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_8A333FA2-153B-4AD6-918D-37335FD6FFEE" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557321.606 5936699.002 557323.248 5936701.408 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_702D4FC7-926C-487B-BA2C-10CA97C4376E" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557323.248 5936701.408 557323.977 5936704.207 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_30188D4D-A131-4B82-9DCB-E3A33F950285" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557323.977 5936704.207 557324.872 5936715.209 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_0F8FFF61-5049-4D45-948A-76E62BEFD6C9" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557324.872 5936715.209 557323.103 5936715.025 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_65AFEC53-31AB-4C59-80B3-ACDF58072F79" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557323.103 5936715.025 557324.48 5936731.963 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_317FA19E-A4DA-4BBA-8447-F68341780758" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557324.48 5936731.963 557326.254 5936732.199 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_9A1A99C5-BEF5-403A-8122-2D6DE530FD9A" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557326.254 5936732.199 557327.353 5936749.254 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_61941145-3134-407A-AFDA-800641A3CD7A" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557327.353 5936749.254 557328.457 5936766.407 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_B32393D3-8A97-4957-AE4C-DDE05DCCFBF1" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557328.457 5936766.407 557328.652 5936769.424 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_45E2D2F9-0081-48A9-A3B5-099DB13BE05B" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557328.652 5936769.424 557329.558 5936783.484 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_09504303-2F83-47A0-BFA4-E4008D6B350F" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557329.558 5936783.484 557329.705 5936787.686 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_14915B70-24A7-4113-88BD-7C265281476F" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557329.705 5936787.686 557330.163 5936800.699 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_A59376FF-97E8-4179-A0FB-42E899891CB9" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557330.163 5936800.699 557330.701 5936816.037 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_2B440F9A-C5AF-46A1-8406-375AF59A971F" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557330.701 5936816.037 557331.241 5936831.464 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_AD89F8BD-8137-48C3-9944-23F4A27B85EC" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557331.241 5936831.464 557331.621 5936842.299 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_C4F8A42E-1AFA-4E79-9659-20DDFCA1B5AB" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557331.621 5936842.299 557331.858 5936849.068 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_D5B9F50B-51D6-46E4-8224-FACFC2AA0067" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557331.858 5936849.068 557332.205 5936858.941 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_CB44FACD-B223-41B0-B6FF-06CDAE69AE85" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557332.205 5936858.941 557332.312 5936861.98 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_C01D7330-3890-4F71-87F3-92180F76F3C8" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557332.312 5936861.98 557332.925 5936879.46 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_BD4D4C32-B971-4813-AC7B-98C8E89AF18C" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557332.925 5936879.46 557332.236 5936886.429 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_F28C293C-78D3-407B-9AFA-B8AE039BDD87" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557332.236 5936886.429 557329.738 5936892.991 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_9006DEFE-3DA2-4250-924B-23B1BF8EFD12" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557329.738 5936892.991 557325.621 5936898.652 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_2C9D708F-AD08-4CD5-9D3D-65AFC0A02675" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557325.621 5936898.652 557320.152 5936903.06 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_DB546F5E-EDDF-4203-B2B1-614301069C74" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557320.152 5936903.06 557312.969 5936907.425 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_A37FC11F-AC05-42D5-B6D0-56A2BBE6A591" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557312.969 5936907.425 557289.035 5936921.965 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_08F6A80C-7D2E-47C5-8A48-D53C76FA7984" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557289.035 5936921.965 557285.079 5936924.369 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_1CEE2F4D-3015-4881-A9CD-DF488151ACB5" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557285.079 5936924.369 557266.601 5936932.317 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_7D28B404-3D91-4789-9C0B-DCE0F68984DE" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557266.601 5936932.317 557248.134 5936940.262 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_AC36A7FF-81B0-40A4-912E-3D2433D45CDB" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557248.134 5936940.262 557238.684 5936943.809 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_05BC793E-CF16-43A7-988F-C1FBDCF454E9" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557238.684 5936943.809 557233.495 5936945.128 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_B7CF7C43-C4E7-4C4A-B670-F25FE4CAB3D6" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557233.495 5936945.128 557228.908 5936946.294 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_3C6CDE17-F27D-4FEC-BCAF-08A50CD9DE7C" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557228.908 5936946.294 557218.884 5936947.544 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_26246B1B-FC13-4565-8BB8-4AAC73D9751D" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557218.884 5936947.544 557208.848 5936947.632 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_1531A366-D60E-47F4-B86B-F348DF07474D" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557208.848 5936947.632 557181.21 5936936.938 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_28B8FD8C-4ED5-41FA-9CAD-20109835B0F9" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557181.21 5936936.938 557169.523 5936932.518 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_1A5D8FBF-E8BD-4230-99B7-9D61774CE180" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557169.523 5936932.518 557167.711 5936931.674 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_360DD9F0-C71F-4626-A5C5-22B5A4A09468" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557167.711 5936931.674 557117.719 5936908.398 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_54D29DE5-A6BB-443D-ACCA-B707D6390B3E" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557117.719 5936908.398 557105.291 5936902.612 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_7F7BCD59-6BF7-4259-ACE0-3FBD44A0B2E7" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557105.291 5936902.612 557085.808 5936893.54 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_6E5A45B3-9919-4C9A-9BE2-820DD4AEA7A9" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557085.808 5936893.54 557082.896 5936887.295 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_B68F46AF-28DA-419A-BED1-65734E2EF031" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557082.896 5936887.295 557089.988 5936860.845 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_6D0172DA-0183-402E-B7BC-B5F008267C2A" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557089.988 5936860.845 557092.284 5936850.813 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_8C7CA9E2-8279-4B22-8112-F27CF34287D0" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557092.284 5936850.813 557093.792 5936843.489 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_DDC94AD0-014C-4B39-9905-94E2652E023D" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557093.792 5936843.489 557095.881 5936832.656 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_09D7D669-8027-4222-84F8-2DB4B8D59F58" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557095.881 5936832.656 557096.392 5936828.69 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_5212ADDC-1D10-41D3-A144-1470F2C51093" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557096.392 5936828.69 557097.492 5936820.181 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_8E3E5DC3-9423-40D0-B6CA-D9EFFFEDEA0D" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557097.492 5936820.181 557098.17 5936811.708 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_71088D6C-EAFD-428B-ACBA-0294F6496769" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557098.17 5936811.708 557098.318 5936809.862 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_A21A2847-2982-4D0D-A825-170B415CCD68" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557098.318 5936809.862 557098.435 5936807.666 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:Curve gml:id="Gml_8343EE6E-9459-4512-9E4D-D78465F4B08E" srsName="EPSG:25832">
                  <gml:segments>
                    <gml:Arc interpolation="circularArc3Points" numArc="1">
                      <gml:posList srsName="EPSG:25832">557098.435 5936807.666 557098.924968697 5936798.92075357 557099.162 5936790.165 
</gml:posList>
                    </gml:Arc>
                  </gml:segments>
                </gml:Curve>
              </gml:curveMember>
              <gml:curveMember>
                <gml:Curve gml:id="Gml_ED294C32-0263-4017-AEFD-1A17D8AFD411" srsName="EPSG:25832">
                  <gml:segments>
                    <gml:Arc interpolation="circularArc3Points" numArc="1">
                      <gml:posList srsName="EPSG:25832">557099.162 5936790.165 557099.101000379 5936779.42601613 557098.658 5936768.696 
</gml:posList>
                    </gml:Arc>
                  </gml:segments>
                </gml:Curve>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_E1D0458B-E253-4F56-A759-D3D46225575F" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557098.658 5936768.696 557097.449 5936748.336 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_4E4E85C5-5542-401A-AB62-579D53D14AE9" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557097.449 5936748.336 557096.532 5936732.911 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_C1C3AD76-47E2-4D10-9750-E9AB966ED4AC" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557096.532 5936732.911 557096.286 5936728.762 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_9202C538-F994-43B9-9137-41B115C442D8" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557096.286 5936728.762 557095.273 5936711.711 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_48501842-B05D-4EB4-B286-7C900CAA54BC" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557095.273 5936711.711 557094.392 5936696.867 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
            </gml:Ring>
          </gml:exterior>
        </gml:Polygon>
      </xplan:raeumlicherGeltungsbereich>
      <xplan:gemeinde>
        <xplan:XP_Gemeinde>
          <xplan:ags>02000000</xplan:ags>
          <xplan:gemeindeName>Freie und Hansestadt Hamburg</xplan:gemeindeName>
        </xplan:XP_Gemeinde>
      </xplan:gemeinde>
      <xplan:planArt>1000</xplan:planArt>
      <xplan:rechtsstand>3000</xplan:rechtsstand>
      <xplan:bereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
    </xplan:BP_Plan>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_Bereich gml:id="Gml_612F9C72-83DD-4220-98A7-7AB487797D85">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557082.896 5936688.969</gml:lowerCorner>
          <gml:upperCorner>557332.925 5936947.632</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:nummer>0</xplan:nummer>
      <xplan:geltungsbereich>
        <gml:Polygon gml:id="Gml_DF4DAD2D-BDFA-4B94-8463-814C91C35972" srsName="EPSG:25832">
          <gml:exterior>
            <gml:Ring>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_9E63CCDA-37C0-4F00-A57E-B1892BAC659D" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557094.392 5936696.867 557101.914 5936688.969 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_55089DE9-30E5-4690-A63E-AAE85BB0D36D" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557101.914 5936688.969 557129.793 5936689.258 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_CDD9B001-6EA0-4DF6-BDC2-DE094F11858F" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557129.793 5936689.258 557151.675 5936689.487 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_BB6FD812-B665-45B6-B246-0C041DAB2A08" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557151.675 5936689.487 557172.06 5936689.699 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_53F440F5-49DD-4FE7-A994-0F783763E3D3" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557172.06 5936689.699 557186.448 5936689.848 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_1DE65B6A-6AC9-442E-A1E8-E93CCA06D9F5" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557186.448 5936689.848 557201.437 5936690.005 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_E392ABFD-F0DA-466B-9960-84F2B93FD64C" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557201.437 5936690.005 557218.624 5936690.183 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_C63AE852-1C82-44F9-B083-89B430C5361C" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557218.624 5936690.183 557230.716 5936690.308 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_C471D7B0-E4C5-4891-A4D5-67539AE75C8B" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557230.716 5936690.308 557232.757 5936690.46 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_4083D8EA-1421-4375-849C-58E5999F89B2" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557232.757 5936690.46 557246.445 5936691.482 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_0066BEA4-154D-46D9-8CD6-F2AA1779955D" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557246.445 5936691.482 557260.981 5936692.567 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_5276AEA8-CA10-4DD2-9942-3ABDFE0DCCAF" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557260.981 5936692.567 557276.423 5936693.718 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_26022EB6-0818-47CA-80B9-E5C3070397C4" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557276.423 5936693.718 557316.405 5936696.699 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_8B4E24A6-D648-4075-856A-51AEB9810DD8" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557316.405 5936696.699 557319.183 5936697.419 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_EDC48079-E796-4D25-807D-8E5543478FCB" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557319.183 5936697.419 557321.606 5936699.002 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_4541A2EA-8F67-45AC-9325-CC908B452C1C" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557321.606 5936699.002 557323.248 5936701.408 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_B994EF1B-BE0F-409A-B1DE-B2221F1B4F6B" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557323.248 5936701.408 557323.977 5936704.207 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_35B470C9-504E-4B0B-AD63-BF3E5FB7F1F5" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557323.977 5936704.207 557324.872 5936715.209 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_6C6D8437-79D7-4C4D-B079-36EDF8EA8B96" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557324.872 5936715.209 557323.103 5936715.025 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_48243569-8B30-455E-91A9-59DFFA1F9B79" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557323.103 5936715.025 557324.48 5936731.963 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_763B989C-002F-419B-A578-ADF769D76CFD" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557324.48 5936731.963 557326.254 5936732.199 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_C9822F08-B7CC-4FF9-9AB4-88408EB67ABF" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557326.254 5936732.199 557327.353 5936749.254 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_C253C095-94FE-4694-B042-65908F413909" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557327.353 5936749.254 557328.457 5936766.407 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_400FF48C-6B90-4D7C-A151-D5CBFFB615C5" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557328.457 5936766.407 557328.652 5936769.424 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_2741E49B-6E2D-42B7-BE34-5277E8AA27CE" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557328.652 5936769.424 557329.558 5936783.484 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_D091639B-7CDB-4E95-B31A-977696B06DE9" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557329.558 5936783.484 557329.705 5936787.686 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_F22EFD46-D43C-4ECC-B728-351F4ACBEB9C" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557329.705 5936787.686 557330.163 5936800.699 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_A03CA93C-3C25-4FF0-A64E-0CFE5BF80AA5" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557330.163 5936800.699 557330.701 5936816.037 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_DB5D0C79-1E85-4726-AC8B-53C554C75FBE" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557330.701 5936816.037 557331.241 5936831.464 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_1A630360-DDD3-4E04-B90A-E6CA98D77432" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557331.241 5936831.464 557331.621 5936842.299 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_2A576A2B-11A2-4955-9343-D1E05353A825" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557331.621 5936842.299 557331.858 5936849.068 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_47FA3963-F60A-4B10-9357-BEC355CA9A38" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557331.858 5936849.068 557332.205 5936858.941 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_F762036B-3722-4214-BA1A-AD4DC586BF33" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557332.205 5936858.941 557332.312 5936861.98 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_9D8EA228-2F82-4888-8493-36416FAD8688" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557332.312 5936861.98 557332.925 5936879.46 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_EEA50717-3A2F-404D-A29C-F266E7D4E2D8" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557332.925 5936879.46 557332.236 5936886.429 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_CCBE8F4A-5C9C-4E3F-BF3D-A345152BACE5" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557332.236 5936886.429 557329.738 5936892.991 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_E0C7F7CE-E4AE-4D40-9B65-B3F7AA3E42C6" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557329.738 5936892.991 557325.621 5936898.652 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_9CB9E8B4-170F-4903-82AF-3049F8BB4C4F" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557325.621 5936898.652 557320.152 5936903.06 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_90911AC9-A0B0-4424-9139-5626C6370F93" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557320.152 5936903.06 557312.969 5936907.425 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_66BADBB0-580F-42E9-BA03-1397A62496D4" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557312.969 5936907.425 557289.035 5936921.965 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_4240D5AF-AF55-4369-B1A7-2DBB7DA9D0B7" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557289.035 5936921.965 557285.079 5936924.369 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_3C623BA2-3B85-426F-9A90-560509F1A925" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557285.079 5936924.369 557266.601 5936932.317 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_18A56E11-1FA1-4874-AB8B-E8628AD190A4" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557266.601 5936932.317 557248.134 5936940.262 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_A73BE10D-7107-473B-A78B-8D9AE5B43E0E" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557248.134 5936940.262 557238.684 5936943.809 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_3FC5BABF-7EC6-454A-8544-F124E5C88300" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557238.684 5936943.809 557233.495 5936945.128 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_0D1F323D-10C2-4390-AA47-834487436ACF" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557233.495 5936945.128 557228.908 5936946.294 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_A84C3E13-CB71-415F-88A3-65681DAEA0DC" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557228.908 5936946.294 557218.884 5936947.544 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_B60766A7-920C-4D26-8A74-E763932DA747" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557218.884 5936947.544 557208.848 5936947.632 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_B0293A69-D42E-4426-B9CF-1BF917703A4E" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557208.848 5936947.632 557181.21 5936936.938 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_A0C52FFB-A755-449C-979C-722576281B78" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557181.21 5936936.938 557169.523 5936932.518 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_4A8794D2-A471-4CA3-9136-CECA2A457012" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557169.523 5936932.518 557167.711 5936931.674 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_8C28EC72-7EE2-4894-A976-0DD37163871A" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557167.711 5936931.674 557117.719 5936908.398 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_FB9454DF-0D21-4702-AAC2-6027B2CEB52C" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557117.719 5936908.398 557105.291 5936902.612 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_2156B508-6A08-4F46-91EE-22282E881EAB" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557105.291 5936902.612 557085.808 5936893.54 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_BDC4F976-4EC3-4E1F-AD4E-04998FC085B9" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557085.808 5936893.54 557082.896 5936887.295 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_7E95D822-6EE4-4267-B693-D3EB0F16DE92" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557082.896 5936887.295 557089.988 5936860.845 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_72EFE707-FA20-40F3-B8C2-2B1AF7F0EC5A" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557089.988 5936860.845 557092.284 5936850.813 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_5BE8667F-9CBC-4DB3-9CE2-22DE9AD7816A" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557092.284 5936850.813 557093.792 5936843.489 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_A2730F6E-8289-44B3-950C-6F7584F34CA1" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557093.792 5936843.489 557095.881 5936832.656 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_FEA6489D-7463-4E53-ABF0-43A02C311046" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557095.881 5936832.656 557096.392 5936828.69 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_341635E8-A156-4A67-88A4-2A162E1F955D" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557096.392 5936828.69 557097.492 5936820.181 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_DF9DA760-5F6E-4D7D-8C65-341FC0D8EAAC" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557097.492 5936820.181 557098.17 5936811.708 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_7D1222D2-2607-4AE9-B4C4-78C02EC1BEBD" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557098.17 5936811.708 557098.318 5936809.862 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_7B4587E5-5EC7-4E68-9987-6A309822881B" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557098.318 5936809.862 557098.435 5936807.666 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:Curve gml:id="Gml_3AB2D6B6-5CFE-419A-B6CC-8B9DCE46FA89" srsName="EPSG:25832">
                  <gml:segments>
                    <gml:Arc interpolation="circularArc3Points" numArc="1">
                      <gml:posList srsName="EPSG:25832">557098.435 5936807.666 557098.924968697 5936798.92075357 557099.162 5936790.165 
</gml:posList>
                    </gml:Arc>
                  </gml:segments>
                </gml:Curve>
              </gml:curveMember>
              <gml:curveMember>
                <gml:Curve gml:id="Gml_5C6462F5-BF32-4058-8E9A-D83F27558079" srsName="EPSG:25832">
                  <gml:segments>
                    <gml:Arc interpolation="circularArc3Points" numArc="1">
                      <gml:posList srsName="EPSG:25832">557099.162 5936790.165 557099.101000379 5936779.42601613 557098.658 5936768.696 
</gml:posList>
                    </gml:Arc>
                  </gml:segments>
                </gml:Curve>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_2D98F645-FE7C-46B4-B642-CA663432E45A" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557098.658 5936768.696 557097.449 5936748.336 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_5EFE559A-6271-48ED-B945-19FA8F430E7A" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557097.449 5936748.336 557096.532 5936732.911 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_E282211F-D4D6-4698-9E18-D0B4F0653B5E" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557096.532 5936732.911 557096.286 5936728.762 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_CE6E7D98-2FE7-4367-9E6D-08EBBC8CB06B" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557096.286 5936728.762 557095.273 5936711.711 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_6227EE71-38C2-4062-B0C0-BD4604A559A2" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557095.273 5936711.711 557094.392 5936696.867 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
            </gml:Ring>
          </gml:exterior>
        </gml:Polygon>
      </xplan:geltungsbereich>
      <xplan:planinhalt xlink:href="#Gml_54C3B650-F2FF-45C6-AEED-138E4A5E77D8" />
      <xplan:planinhalt xlink:href="#Gml_311EE185-DBE4-4CE7-9AFF-3EFFC446E245" />
      <xplan:planinhalt xlink:href="#Gml_6DEF6D26-7022-430B-B083-D2A67B3C12E4" />
      <xplan:planinhalt xlink:href="#Gml_8EE70C0D-3E52-4989-A4FC-DDD2666AC533" />
      <xplan:planinhalt xlink:href="#Gml_97E944F4-2B08-4CEC-BB6F-7C307301B0AC" />
      <xplan:planinhalt xlink:href="#Gml_218E3765-1A22-45EA-A68A-58F92E8D3054" />
      <xplan:planinhalt xlink:href="#Gml_47E78A5F-72D9-4B40-81ED-87452F9ABDF8" />
      <xplan:planinhalt xlink:href="#Gml_3DB88363-6E0F-4CC4-A900-3F340E600C37" />
      <xplan:planinhalt xlink:href="#Gml_79E10A0C-9786-4A5D-938F-50F8AA6B1E75" />
      <xplan:planinhalt xlink:href="#Gml_E9CDB5C3-8173-44AB-A0AC-F6C3BD9890B5" />
      <xplan:planinhalt xlink:href="#Gml_5DCB918E-3FE4-4658-A361-F0D54CF4A972" />
      <xplan:planinhalt xlink:href="#Gml_8D632F22-F817-4F3D-BB56-569482B5DB16" />
      <xplan:planinhalt xlink:href="#Gml_B2E27CA9-5B4C-415C-B150-C0CC95D51CF5" />
      <xplan:verfahren>1000</xplan:verfahren>
      <xplan:gehoertZuPlan xlink:href="#Gml_66C1275A-5865-4A51-B4F4-5FD57E52B5A6" />
    </xplan:BP_Bereich>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_ZusatzkontingentLaermFlaeche gml:id="Gml_54C3B650-F2FF-45C6-AEED-138E4A5E77D8">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557094.392 5936688.969</gml:lowerCorner>
          <gml:upperCorner>557172.06 5936751.42</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>7000</xplan:rechtscharakter>
      <xplan:laermkontingentGebiet>
        <xplan:BP_EmissionskontingentLaermGebiet>
          <xplan:pegelTyp>1000</xplan:pegelTyp>
          <xplan:berechnungsgrundlage>1000</xplan:berechnungsgrundlage>
          <xplan:ekwertTag uom="db">1</xplan:ekwertTag>
          <xplan:ekwertNacht uom="db">0</xplan:ekwertNacht>
          <xplan:gebietsbezeichnung>Test</xplan:gebietsbezeichnung>
        </xplan:BP_EmissionskontingentLaermGebiet>
      </xplan:laermkontingentGebiet>
      <xplan:richtungssektorGrenze xlink:href="#Gml_6DEF6D26-7022-430B-B083-D2A67B3C12E4" />
      <xplan:position>
        <gml:Polygon gml:id="Gml_4DA84B85-9D3A-439C-9B65-B2B8F90721C7" srsName="EPSG:25832">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList srsName="EPSG:25832">557101.914 5936688.969 557129.793 5936689.258 557151.675 5936689.487 
557172.06 5936689.699 557171.27 5936731.109 557170.883 5936751.42 
557158.439 5936749.428 557149.835 5936747.132 557128.379 5936741.407 
557101.084 5936734.124 557096.286 5936728.762 557095.273 5936711.711 
557094.392 5936696.867 557101.914 5936688.969 </gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>false</xplan:flaechenschluss>
      <xplan:richtungssektor>
        <xplan:BP_Richtungssektor>
          <xplan:winkelAnfang uom="grad">12</xplan:winkelAnfang>
          <xplan:winkelEnde uom="grad">15</xplan:winkelEnde>
          <xplan:zkWertTag uom="db">1</xplan:zkWertTag>
          <xplan:zkWertNacht uom="db">1</xplan:zkWertNacht>
        </xplan:BP_Richtungssektor>
      </xplan:richtungssektor>
    </xplan:BP_ZusatzkontingentLaermFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_RichtungssektorGrenze gml:id="Gml_6DEF6D26-7022-430B-B083-D2A67B3C12E4">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557128.379 5936741.407</gml:lowerCorner>
          <gml:upperCorner>557329.558 5936783.484</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>7000</xplan:rechtscharakter>
      <xplan:position>
        <gml:LineString gml:id="Gml_45E647FB-5C57-4BEB-9190-514973F4AB54" srsName="EPSG:25832">
          <gml:posList>557128.379 5936741.407 557149.835 5936747.132 557158.439 5936749.428 
557170.883 5936751.42 557185.205 5936753.713 557200.149 5936756.106 
557207.962 5936757.358 557217.151 5936759.174 557217.971 5936759.337 
557230.531 5936761.821 557237.198 5936763.14 557241.825 5936764.055 
557255.24 5936766.708 557265.672 5936768.773 557270.594 5936769.907 
557306.729 5936778.227 557329.558 5936783.484 </gml:posList>
        </gml:LineString>
      </xplan:position>
    </xplan:BP_RichtungssektorGrenze>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_ZusatzkontingentLaerm gml:id="Gml_311EE185-DBE4-4CE7-9AFF-3EFFC446E245">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557118.0681 5936721.964</gml:lowerCorner>
          <gml:upperCorner>557118.0681 5936721.964</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>6000</xplan:rechtscharakter>
      <xplan:laermkontingent>
        <xplan:BP_EmissionskontingentLaerm>
          <xplan:pegelTyp>2000</xplan:pegelTyp>
          <xplan:berechnungsgrundlage>2000</xplan:berechnungsgrundlage>
          <xplan:ekwertTag uom="db">1</xplan:ekwertTag>
          <xplan:ekwertNacht uom="db">0</xplan:ekwertNacht>
        </xplan:BP_EmissionskontingentLaerm>
      </xplan:laermkontingent>
      <xplan:position>
        <gml:Point gml:id="Gml_4EC92782-B505-40E9-9DD3-216F4886B3BE" srsName="EPSG:25832">
          <gml:pos>557118.0681 5936721.964</gml:pos>
        </gml:Point>
      </xplan:position>
    </xplan:BP_ZusatzkontingentLaerm>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_AnpflanzungBindungErhaltung gml:id="Gml_8EE70C0D-3E52-4989-A4FC-DDD2666AC533">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557170.883 5936689.699</gml:lowerCorner>
          <gml:upperCorner>557329.558 5936783.484</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>7000</xplan:rechtscharakter>
      <xplan:position>
        <gml:Polygon gml:id="Gml_1459AF5E-4E75-4F47-95A2-24E25759822E" srsName="EPSG:25832">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList srsName="EPSG:25832">557172.06 5936689.699 557186.448 5936689.848 557201.437 5936690.005 
557214.0841 5936690.136 557218.624 5936690.183 557230.716 5936690.308 
557232.757 5936690.46 557246.445 5936691.482 557260.981 5936692.567 
557276.423 5936693.718 557303.6472 5936695.7478 557316.405 5936696.699 
557319.183 5936697.419 557321.606 5936699.002 557323.248 5936701.408 
557323.977 5936704.207 557324.872 5936715.209 557323.103 5936715.025 
557324.48 5936731.963 557326.254 5936732.199 557327.353 5936749.254 
557328.457 5936766.407 557328.652 5936769.424 557329.558 5936783.484 
557306.729 5936778.227 557303.6472 5936777.5174 557270.594 5936769.907 
557265.672 5936768.773 557255.24 5936766.708 557241.825 5936764.055 
557237.198 5936763.14 557230.531 5936761.821 557217.971 5936759.337 
557217.151 5936759.174 557207.962 5936757.358 557200.149 5936756.106 
557190.7757 5936754.605 557185.205 5936753.713 557170.883 5936751.42 
557171.27 5936731.109 557172.06 5936689.699 </gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>false</xplan:flaechenschluss>
      <xplan:massnahme>3000</xplan:massnahme>
    </xplan:BP_AnpflanzungBindungErhaltung>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_SchutzPflegeEntwicklungsMassnahme gml:id="Gml_97E944F4-2B08-4CEC-BB6F-7C307301B0AC">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557096.286 5936728.762</gml:lowerCorner>
          <gml:upperCorner>557200.149 5936829.7886</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>7000</xplan:rechtscharakter>
      <xplan:position>
        <gml:Polygon gml:id="Gml_30E64899-AB1B-4ED8-9A31-1947C7E16A74" srsName="EPSG:25832">
          <gml:exterior>
            <gml:Ring>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_2DDCB158-B6DE-4F2C-A8E4-A62DF4F04D9F" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557096.286 5936728.762 557099.4112 5936732.2545 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_2AC28000-A434-455D-8CA1-687197B2F5C2" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557099.4112 5936732.2545 557101.084 5936734.124 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_9CE7CFD0-6143-436E-83F5-26C754E115B3" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557101.084 5936734.124 557128.379 5936741.407 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_9E3A2ADF-37B3-4C28-9FC9-65A32389A88E" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557128.379 5936741.407 557149.835 5936747.132 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_C530EA14-79B9-4A1E-9031-DE8F4478BF58" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557149.835 5936747.132 557158.439 5936749.428 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_30E5EF41-C05C-4854-9EF0-22C80BCBD4F5" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557158.439 5936749.428 557170.883 5936751.42 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_ACAD6005-4752-4D99-AC7E-9DBC1565717E" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557170.883 5936751.42 557185.205 5936753.713 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_8CB78E34-37E5-4504-BE8E-D6838B167CFB" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557185.205 5936753.713 557190.7757 5936754.605 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_3FDBEF3E-58A2-455F-814C-E4DE1FAA65AD" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557190.7757 5936754.605 557200.149 5936756.106 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_70AB7DB5-5ECD-4772-A18E-BC24B712CA6B" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557200.149 5936756.106 557186.926 5936829.7886 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_7E35CBF2-4485-4817-AF06-653193372819" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557186.926 5936829.7886 557098.318 5936809.862 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_C157C39C-7E15-4F26-8300-ED197FED805A" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557098.318 5936809.862 557098.435 5936807.666 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:Curve gml:id="Gml_DA5C526C-14A6-4CC6-84F4-FB3B1C20EF73" srsName="EPSG:25832">
                  <gml:segments>
                    <gml:Arc interpolation="circularArc3Points" numArc="1">
                      <gml:posList srsName="EPSG:25832">557098.435 5936807.666 557098.908189929 5936799.31808845 557099.1509 5936790.9603 
</gml:posList>
                    </gml:Arc>
                  </gml:segments>
                </gml:Curve>
              </gml:curveMember>
              <gml:curveMember>
                <gml:Curve gml:id="Gml_4CA7C197-2207-4261-81C9-4EBFA9585E6F" srsName="EPSG:25832">
                  <gml:segments>
                    <gml:Arc interpolation="circularArc3Points" numArc="1">
                      <gml:posList srsName="EPSG:25832">557099.1509 5936790.9603 557099.15645 5936790.56265 557099.162 5936790.165 
</gml:posList>
                    </gml:Arc>
                  </gml:segments>
                </gml:Curve>
              </gml:curveMember>
              <gml:curveMember>
                <gml:Curve gml:id="Gml_8E5C50D2-8333-4D3A-8F37-D852A90277A9" srsName="EPSG:25832">
                  <gml:segments>
                    <gml:Arc interpolation="circularArc3Points" numArc="1">
                      <gml:posList srsName="EPSG:25832">557099.162 5936790.165 557099.101000379 5936779.42601613 557098.658 5936768.696 
</gml:posList>
                    </gml:Arc>
                  </gml:segments>
                </gml:Curve>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_18C4AE4C-A769-4147-806E-733E681512EE" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557098.658 5936768.696 557097.449 5936748.336 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_4FE8E7AB-F5B6-49AC-BBFA-11CDD7AF90E0" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557097.449 5936748.336 557096.532 5936732.911 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
              <gml:curveMember>
                <gml:LineString gml:id="Gml_219D22C3-ABFB-4A88-8CC1-A3AD96996B06" srsName="EPSG:25832">
                  <gml:posList srsName="EPSG:25832">557096.532 5936732.911 557096.286 5936728.762 </gml:posList>
                </gml:LineString>
              </gml:curveMember>
            </gml:Ring>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>false</xplan:flaechenschluss>
      <xplan:massnahme>
        <xplan:XP_SPEMassnahmenDaten>
          <xplan:klassifizMassnahme>1100</xplan:klassifizMassnahme>
        </xplan:XP_SPEMassnahmenDaten>
      </xplan:massnahme>
    </xplan:BP_SchutzPflegeEntwicklungsMassnahme>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:FP_SchutzPflegeEntwicklung gml:id="Gml_218E3765-1A22-45EA-A68A-58F92E8D3054">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557186.926 5936756.106</gml:lowerCorner>
          <gml:upperCorner>557270.594 5936844.1731</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>7000</xplan:rechtscharakter>
      <xplan:position>
        <gml:Polygon gml:id="Gml_A06AD385-A37F-471C-BB64-FB25CCC69329" srsName="EPSG:25832">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList srsName="EPSG:25832">557200.149 5936756.106 557207.962 5936757.358 557217.151 5936759.174 
557217.971 5936759.337 557230.531 5936761.821 557237.198 5936763.14 
557241.825 5936764.055 557255.24 5936766.708 557265.672 5936768.773 
557270.594 5936769.907 557254.9461 5936844.1731 557186.926 5936829.7886 
557200.149 5936756.106 </gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>false</xplan:flaechenschluss>
      <xplan:massnahme>
        <xplan:XP_SPEMassnahmenDaten>
          <xplan:klassifizMassnahme>1400</xplan:klassifizMassnahme>
        </xplan:XP_SPEMassnahmenDaten>
      </xplan:massnahme>
    </xplan:FP_SchutzPflegeEntwicklung>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_AusgleichsMassnahme gml:id="Gml_47E78A5F-72D9-4B40-81ED-87452F9ABDF8">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557254.9461 5936769.907</gml:lowerCorner>
          <gml:upperCorner>557332.312 5936861.98</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>8000</xplan:rechtscharakter>
      <xplan:position>
        <gml:Polygon gml:id="Gml_9F62198E-5CBA-4F33-A47C-821826748B74" srsName="EPSG:25832">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList srsName="EPSG:25832">557270.594 5936769.907 557303.6472 5936777.5174 557306.729 5936778.227 
557329.558 5936783.484 557329.705 5936787.686 557330.163 5936800.699 
557330.701 5936816.037 557331.241 5936831.464 557331.621 5936842.299 
557331.858 5936849.068 557332.205 5936858.941 557332.312 5936861.98 
557254.9461 5936844.1731 557270.594 5936769.907 </gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>false</xplan:flaechenschluss>
      <xplan:massnahme>
        <xplan:XP_SPEMassnahmenDaten>
          <xplan:klassifizMassnahme>2300</xplan:klassifizMassnahme>
        </xplan:XP_SPEMassnahmenDaten>
      </xplan:massnahme>
    </xplan:BP_AusgleichsMassnahme>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:FP_AusgleichsFlaeche gml:id="Gml_3DB88363-6E0F-4CC4-A900-3F340E600C37">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557082.896 5936809.862</gml:lowerCorner>
          <gml:upperCorner>557152.4354 5936912.782</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>8000</xplan:rechtscharakter>
      <xplan:position>
        <gml:Polygon gml:id="Gml_B1F50394-BB9A-4C6D-98FA-48373AF4CB47" srsName="EPSG:25832">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList srsName="EPSG:25832">557098.318 5936809.862 557152.4354 5936822.0322 557127.135 5936912.782 
557117.719 5936908.398 557105.291 5936902.612 557085.808 5936893.54 
557082.896 5936887.295 557089.988 5936860.845 557092.284 5936850.813 
557093.792 5936843.489 557095.881 5936832.656 557096.392 5936828.69 
557097.492 5936820.181 557098.17 5936811.708 557098.318 5936809.862 
</gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>false</xplan:flaechenschluss>
      <xplan:massnahme>
        <xplan:XP_SPEMassnahmenDaten>
          <xplan:klassifizMassnahme>1300</xplan:klassifizMassnahme>
        </xplan:XP_SPEMassnahmenDaten>
      </xplan:massnahme>
    </xplan:FP_AusgleichsFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_AusgleichsFlaeche gml:id="Gml_79E10A0C-9786-4A5D-938F-50F8AA6B1E75">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557127.135 5936822.0322</gml:lowerCorner>
          <gml:upperCorner>557217.1895 5936936.938</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>9998</xplan:rechtscharakter>
      <xplan:position>
        <gml:Polygon gml:id="Gml_2D87C8FA-D802-43B2-961F-51AA326FDDF9" srsName="EPSG:25832">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList srsName="EPSG:25832">557127.135 5936912.782 557152.4354 5936822.0322 557186.926 5936829.7886 
557216.067 5936835.9512 557217.1895 5936836.1885 557181.21 5936936.938 
557169.523 5936932.518 557167.711 5936931.674 557127.135 5936912.782 
</gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>false</xplan:flaechenschluss>
      <xplan:massnahme>
        <xplan:XP_SPEMassnahmenDaten>
          <xplan:klassifizMassnahme>1100</xplan:klassifizMassnahme>
        </xplan:XP_SPEMassnahmenDaten>
      </xplan:massnahme>
    </xplan:BP_AusgleichsFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:BP_SchutzPflegeEntwicklungsFlaeche gml:id="Gml_E9CDB5C3-8173-44AB-A0AC-F6C3BD9890B5">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557181.21 5936895.568</gml:lowerCorner>
          <gml:upperCorner>557289.035 5936947.632</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>8000</xplan:rechtscharakter>
      <xplan:position>
        <gml:Polygon gml:id="Gml_8138453E-3125-45C8-98EF-16A5E8C730DE" srsName="EPSG:25832">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList srsName="EPSG:25832">557181.21 5936936.938 557195.984 5936895.568 557289.035 5936921.965 
557285.079 5936924.369 557266.601 5936932.317 557248.134 5936940.262 
557238.684 5936943.809 557233.495 5936945.128 557228.908 5936946.294 
557218.884 5936947.544 557208.848 5936947.632 557181.21 5936936.938 
</gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>false</xplan:flaechenschluss>
      <xplan:massnahme>
        <xplan:XP_SPEMassnahmenDaten>
          <xplan:klassifizMassnahme>1300</xplan:klassifizMassnahme>
        </xplan:XP_SPEMassnahmenDaten>
      </xplan:massnahme>
    </xplan:BP_SchutzPflegeEntwicklungsFlaeche>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:SO_Luftverkehrsrecht gml:id="Gml_5DCB918E-3FE4-4658-A361-F0D54CF4A972">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557195.984 5936867.2837</gml:lowerCorner>
          <gml:upperCorner>557325.621 5936921.965</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>7000</xplan:rechtscharakter>
      <xplan:wirdAusgeglichenDurchBPFlaeche xlink:href="#Gml_79E10A0C-9786-4A5D-938F-50F8AA6B1E75" />
      <xplan:wirdAusgeglichenDurchBPMassnahme xlink:href="#Gml_47E78A5F-72D9-4B40-81ED-87452F9ABDF8" />
      <xplan:position>
        <gml:Polygon gml:id="Gml_28B3D869-87FE-46E2-9023-E891C1621DCE" srsName="EPSG:25832">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList srsName="EPSG:25832">557195.984 5936895.568 557206.0848 5936867.2837 557325.621 5936898.652 
557320.152 5936903.06 557312.969 5936907.425 557289.035 5936921.965 
557195.984 5936895.568 </gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>false</xplan:flaechenschluss>
      <xplan:artDerFestlegung>3000</xplan:artDerFestlegung>
    </xplan:SO_Luftverkehrsrecht>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:SO_Schienenverkehrsrecht gml:id="Gml_8D632F22-F817-4F3D-BB56-569482B5DB16">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557244.8206 5936844.1731</gml:lowerCorner>
          <gml:upperCorner>557332.925 5936898.652</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:ebene>1</xplan:ebene>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>7000</xplan:rechtscharakter>
      <xplan:wirdAusgeglichenDurchBPABE xlink:href="#Gml_8EE70C0D-3E52-4989-A4FC-DDD2666AC533" />
      <xplan:wirdAusgeglichenDurchBPSPEMassnahme xlink:href="#Gml_97E944F4-2B08-4CEC-BB6F-7C307301B0AC" />
      <xplan:wirdAusgeglichenDurchBPSPEFlaeche xlink:href="#Gml_E9CDB5C3-8173-44AB-A0AC-F6C3BD9890B5" />
      <xplan:position>
        <gml:Polygon gml:id="Gml_CAA4B530-F26E-402E-B83C-9CB21110F8A4" srsName="EPSG:25832">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList srsName="EPSG:25832">557325.621 5936898.652 557244.8206 5936877.4486 557254.9461 5936844.1731 
557332.312 5936861.98 557332.925 5936879.46 557332.236 5936886.429 
557329.738 5936892.991 557325.621 5936898.652 </gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>false</xplan:flaechenschluss>
      <xplan:artDerFestlegung>9999</xplan:artDerFestlegung>
    </xplan:SO_Schienenverkehrsrecht>
  </gml:featureMember>
  <gml:featureMember>
    <xplan:SO_Strassenverkehr gml:id="Gml_B2E27CA9-5B4C-415C-B150-C0CC95D51CF5">
      <gml:boundedBy>
        <gml:Envelope srsName="EPSG:25832">
          <gml:lowerCorner>557206.0848 5936836.1885</gml:lowerCorner>
          <gml:upperCorner>557254.9461 5936877.4486</gml:upperCorner>
        </gml:Envelope>
      </gml:boundedBy>
      <xplan:ebene>1</xplan:ebene>
      <xplan:gehoertZuBereich xlink:href="#Gml_612F9C72-83DD-4220-98A7-7AB487797D85" />
      <xplan:rechtscharakter>9998</xplan:rechtscharakter>
      <xplan:zusatzkontingent xlink:href="#Gml_311EE185-DBE4-4CE7-9AFF-3EFFC446E245" />
      <xplan:zusatzkontingentFlaeche xlink:href="#Gml_54C3B650-F2FF-45C6-AEED-138E4A5E77D8" />
      <xplan:richtungssektorGrenze xlink:href="#Gml_6DEF6D26-7022-430B-B083-D2A67B3C12E4" />
      <xplan:position>
        <gml:Polygon gml:id="Gml_EA88B8D2-E8CD-40E8-A923-8BECF855C3F1" srsName="EPSG:25832">
          <gml:exterior>
            <gml:LinearRing>
              <gml:posList srsName="EPSG:25832">557206.0848 5936867.2837 557217.1895 5936836.1885 557254.9461 5936844.1731 
557244.8206 5936877.4486 557206.0848 5936867.2837 </gml:posList>
            </gml:LinearRing>
          </gml:exterior>
        </gml:Polygon>
      </xplan:position>
      <xplan:flaechenschluss>false</xplan:flaechenschluss>
      <xplan:artDerFestlegung>
        <xplan:SO_KomplexeZweckbestStrassenverkehr>
          <xplan:allgemein>14001</xplan:allgemein>
        </xplan:SO_KomplexeZweckbestStrassenverkehr>
      </xplan:artDerFestlegung>
      <xplan:nutzungsform>1000</xplan:nutzungsform>
      <xplan:hatDarstellungMitBesondZweckbest>false</xplan:hatDarstellungMitBesondZweckbest>
    </xplan:SO_Strassenverkehr>
  </gml:featureMember>
</xplan:XPlanAuszug>
